package io.mpcium;

import io.mpcium.hd.DerivationPath;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.GoJson;
import io.mpcium.internal.codec.MalformedMessageException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to sign a message with a wallet's key. For Ed25519 the message is signed as is
 * (RFC 8032 PureEdDSA); for {@link KeyScheme#SCHNORR} it is the BIP340 message (any length,
 * usually a 32-byte sighash), optionally signed for a Taproot output key. Immutable.
 *
 * @param requestId unique per request, 1-128 characters from {@code [A-Za-z0-9._:-]}; Mpcium's
 *     {@code tx_id}
 * @param walletId the wallet, same alphabet
 * @param scheme the key's signature scheme
 * @param message the bytes to sign, at most {@link Request#MAX_MESSAGE}; Mpcium's {@code tx}
 * @param taprootTweak for {@link KeyScheme#SCHNORR} only: sign for the BIP341 output key of the
 *     wallet's (internal) key instead of the key itself; part of the initiator-signed bytes in
 *     both formats
 * @param format which bytes the initiator signs
 * @param networkCode Mpcium's opaque {@code network_internal_code}, signed in the {@link
 *     RequestFormat#MPCIUM} format and echoed in results; empty in the native format
 * @param derivationPath sign with this non-hardened child of the wallet's key ({@link
 *     io.mpcium.hd.HdDerivation}); {@link DerivationPath#MASTER} for the key itself. Part of the
 *     initiator-signed bytes in the native format; in the Mpcium format it is not (as in
 *     Mpcium, whose {@code derivation_path} is outside the signed JSON), but it is bound into the
 *     session id, so every signer uses the same child key
 */
public record SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message,
    Optional<TaprootTweak> taprootTweak, RequestFormat format, String networkCode,
    DerivationPath derivationPath) implements Request {

  public SignRequest {
    RequestCodec.checkId(requestId, "request id");
    RequestCodec.checkId(walletId, "wallet id");
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(taprootTweak, "taprootTweak");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(networkCode, "networkCode");
    Objects.requireNonNull(derivationPath, "derivationPath");
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("message of " + message.length + " bytes exceeds "
          + MAX_MESSAGE);
    }
    if (taprootTweak.isPresent() && scheme != KeyScheme.SCHNORR) {
      throw new IllegalArgumentException("a taproot tweak applies to schnorr keys only, not "
          + scheme.label());
    }
    if (format == RequestFormat.NATIVE && !networkCode.isEmpty()) {
      throw new IllegalArgumentException("a network code is part of the Mpcium format only");
    }
    if (networkCode.length() > RequestCodec.MAX_ID) {
      throw new IllegalArgumentException("network code longer than " + RequestCodec.MAX_ID);
    }
    message = message.clone();
  }

  /** A request for the wallet's key itself ({@link DerivationPath#MASTER}). */
  public SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message,
      Optional<TaprootTweak> taprootTweak, RequestFormat format, String networkCode) {
    this(requestId, walletId, scheme, message, taprootTweak, format, networkCode,
        DerivationPath.MASTER);
  }

  /** A native-format request, optionally for a taproot output key. */
  public SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message,
      Optional<TaprootTweak> taprootTweak) {
    this(requestId, walletId, scheme, message, taprootTweak, RequestFormat.NATIVE, "");
  }

  /** A request to sign with the wallet's key itself (no taproot tweak), native format. */
  public SignRequest(String requestId, String walletId, KeyScheme scheme, byte[] message) {
    this(requestId, walletId, scheme, message, Optional.empty());
  }

  /** A request as Mpcium's clients sign it ({@link RequestFormat#MPCIUM}). */
  public static SignRequest mpcium(String txId, String walletId, KeyScheme scheme, byte[] tx,
      String networkInternalCode) {
    return new SignRequest(txId, walletId, scheme, tx, Optional.empty(), RequestFormat.MPCIUM,
        networkInternalCode);
  }

  /** This request, signing for the taproot output key that {@code tweak} defines. */
  public SignRequest withTaprootTweak(TaprootTweak tweak) {
    return new SignRequest(requestId, walletId, scheme, message, Optional.of(tweak), format,
        networkCode, derivationPath);
  }

  /** This request, signing with the wallet's child key at {@code path}. */
  public SignRequest withDerivationPath(DerivationPath path) {
    return new SignRequest(requestId, walletId, scheme, message, taprootTweak, format,
        networkCode, path);
  }

  @Override
  public byte[] message() {
    return message.clone();
  }

  /**
   * Native format: the header, the scheme and the message; for {@link KeyScheme#SCHNORR} also
   * the taproot tweak (a byte 0, 1 for key path only, or 2 and the 32-byte merkle root); then,
   * for a child key only, the derivation path (u32 depth and each index as u32). Mpcium
   * format: the Go JSON of {@code key_type, wallet_id, network_internal_code, tx_id, tx} and,
   * only when a taproot tweak is present (this library's extension for {@code "schnorr"}),
   * {@code taproot_tweak}: {@code ""} for key path only, else the base64 merkle root.
   */
  @Override
  public byte[] signingBytes() {
    return switch (format) {
      case NATIVE -> {
        var out = RequestCodec.header(RequestCodec.SIGN, requestId, walletId)
            .string(scheme.label()).bytes(message);
        if (scheme == KeyScheme.SCHNORR) {
          TaprootTweak.write(out, taprootTweak);
        }
        writePath(out, derivationPath);
        yield out.toByteArray();
      }
      case MPCIUM -> {
        GoJson json = GoJson.object()
            .string("key_type", scheme.label())
            .string("wallet_id", walletId)
            .string("network_internal_code", networkCode)
            .string("tx_id", requestId)
            .bytes("tx", message);
        taprootTweak.ifPresent(t -> json.bytes("taproot_tweak",
            t.merkleRoot().orElse(new byte[0])));
        yield json.toBytes();
      }
    };
  }

  @Override
  public byte[] encode() {
    return switch (format) {
      case NATIVE -> signingBytes();
      case MPCIUM -> {
        var out = RequestCodec.mpciumHeader(RequestCodec.SIGN, requestId, walletId)
            .string(scheme.label()).bytes(message).string(networkCode);
        if (scheme == KeyScheme.SCHNORR) {
          TaprootTweak.write(out, taprootTweak);
        }
        writePath(out, derivationPath);
        yield out.toByteArray();
      }
    };
  }

  /** Appends a child key's path; nothing for the master key, so master requests are unchanged. */
  private static void writePath(ByteWriter out, DerivationPath path) {
    if (!path.isMaster()) {
      out.u32(path.depth());
      for (int i = 0; i < path.depth(); i++) {
        out.u32(path.index(i));
      }
    }
  }

  /** Reads what {@link #writePath} wrote: the path if bytes remain, else the master key. */
  static DerivationPath readPath(ByteReader in) throws MalformedMessageException {
    if (in.remaining() == 0) {
      return DerivationPath.MASTER;
    }
    int depth = in.u32();
    if (depth < 1 || depth > DerivationPath.MAX_DEPTH) {
      throw new MalformedMessageException("derivation path depth " + depth + " out of range");
    }
    long[] indices = new long[depth];
    for (int i = 0; i < depth; i++) {
      indices[i] = Integer.toUnsignedLong(in.u32());
    }
    try {
      return DerivationPath.of(indices);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignRequest r && requestId.equals(r.requestId)
        && walletId.equals(r.walletId) && scheme == r.scheme && Arrays.equals(message, r.message)
        && taprootTweak.equals(r.taprootTweak) && format == r.format
        && networkCode.equals(r.networkCode) && derivationPath.equals(r.derivationPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, walletId, scheme, Arrays.hashCode(message), taprootTweak,
        format);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(message, 0, Math.min(message.length, 32));
    return "SignRequest[" + requestId + ", wallet " + walletId + ", " + scheme.label() + ", "
        + message.length + " bytes: " + hex + (message.length > 32 ? "…" : "")
        + taprootTweak.map(t -> ", " + t).orElse("")
        + (derivationPath.isMaster() ? "" : ", path " + derivationPath) + "]";
  }
}
