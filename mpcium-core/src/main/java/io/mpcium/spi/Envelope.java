package io.mpcium.spi;

import io.mpcium.PartyId;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One node-to-node message: {@code (protocol, sessionId, round, from, to|broadcast, echo,
 * payload)} plus the sender's Ed25519 signature.
 *
 * <p>The signature covers {@link #signedBytes()}: the header, {@code SHA-256(echo)} and {@code
 * SHA-256(payload)}. Hashing the two variable fields lets a third party check a signature from
 * the hashes alone, which is what echo-broadcast evidence needs. A point-to-point payload is
 * ciphertext, encrypted to the receiver with {@link #header()} as associated data; a broadcast
 * payload is public and identical for every receiver. Transports move the bytes of {@link
 * #encode()} and know nothing else. Immutable.
 */
public record Envelope(
    String protocol,
    byte[] sessionId,
    int round,
    PartyId from,
    Optional<PartyId> to,
    byte[] echo,
    byte[] payload,
    byte[] signature) {

  /** Largest encoded envelope accepted from a transport. */
  public static final int MAX_ENCODED = 4 * 1024 * 1024;

  public static final int SESSION_ID_LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;
  private static final int FORMAT = 1;
  private static final String DOMAIN = "mpcium/envelope/v1";

  public Envelope {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (sessionId.length != SESSION_ID_LENGTH) {
      throw new IllegalArgumentException("session id must be " + SESSION_ID_LENGTH + " bytes");
    }
    if (round < 0) {
      throw new IllegalArgumentException("round must not be negative");
    }
    if (signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be " + SIGNATURE_LENGTH + " bytes");
    }
    sessionId = sessionId.clone();
    echo = echo.clone();
    payload = payload.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] sessionId() {
    return sessionId.clone();
  }

  @Override
  public byte[] echo() {
    return echo.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  public boolean isBroadcast() {
    return to.isEmpty();
  }

  /** The header: everything but echo, payload and signature; also the AEAD associated data. */
  public byte[] header() {
    return header(protocol, sessionId, round, from, to);
  }

  /** The bytes the sender signs. */
  public byte[] signedBytes() {
    return signedBytes(header(), sha256(echo), sha256(payload));
  }

  public static byte[] header(
      String protocol, byte[] sessionId, int round, PartyId from, Optional<PartyId> to) {
    return new ByteWriter(96)
        .string(DOMAIN)
        .string(protocol)
        .raw(sessionId)
        .u32(round)
        .string(from.value())
        .string(to.map(PartyId::value).orElse(""))
        .toByteArray();
  }

  /** Signed bytes from a header and the SHA-256 hashes of echo and payload. */
  public static byte[] signedBytes(byte[] header, byte[] echoHash, byte[] payloadHash) {
    return new ByteWriter(header.length + 72).bytes(header).raw(echoHash).raw(payloadHash)
        .toByteArray();
  }

  public byte[] encode() {
    return new ByteWriter(payload.length + echo.length + 192)
        .u8(FORMAT)
        .string(protocol)
        .raw(sessionId)
        .u32(round)
        .string(from.value())
        .string(to.map(PartyId::value).orElse(""))
        .bytes(echo)
        .bytes(payload)
        .raw(signature)
        .toByteArray();
  }

  /** Decodes untrusted bytes; the signature is not checked here. */
  public static Envelope decode(byte[] encoded) throws MalformedMessageException {
    if (encoded.length > MAX_ENCODED) {
      throw new MalformedMessageException("envelope of " + encoded.length + " bytes is too large");
    }
    ByteReader in = new ByteReader(encoded);
    int format = in.u8();
    if (format != FORMAT) {
      throw new MalformedMessageException("unknown envelope format " + format);
    }
    String protocol = in.string(64);
    byte[] sessionId = in.raw(SESSION_ID_LENGTH);
    int round = in.u32();
    if (round < 0) {
      throw new MalformedMessageException("negative round");
    }
    PartyId from = partyId(in.string(64), "sender");
    String toValue = in.string(64);
    Optional<PartyId> to = toValue.isEmpty() ? Optional.empty()
        : Optional.of(partyId(toValue, "receiver"));
    byte[] echo = in.bytes(MAX_ENCODED);
    byte[] payload = in.bytes(MAX_ENCODED);
    byte[] signature = in.raw(SIGNATURE_LENGTH);
    in.end();
    return new Envelope(protocol, sessionId, round, from, to, echo, payload, signature);
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static PartyId partyId(String value, String role) throws MalformedMessageException {
    try {
      return PartyId.of(value);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("invalid " + role + " id");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Envelope e
        && protocol.equals(e.protocol)
        && Arrays.equals(sessionId, e.sessionId)
        && round == e.round
        && from.equals(e.from)
        && to.equals(e.to)
        && Arrays.equals(echo, e.echo)
        && Arrays.equals(payload, e.payload)
        && Arrays.equals(signature, e.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, Arrays.hashCode(sessionId), round, from, to,
        Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "Envelope[" + protocol + " round " + round + " " + from + " -> "
        + to.map(PartyId::value).orElse("*") + ", " + payload.length + " bytes]";
  }
}
