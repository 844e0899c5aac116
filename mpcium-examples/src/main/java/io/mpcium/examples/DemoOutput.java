package io.mpcium.examples;

import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.SignatureResult;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.secp256k1.EthereumAddress;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.hd.ChildKey;
import io.mpcium.hd.DerivationPath;
import io.mpcium.hd.HdDerivation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The demo's choice of schemes and its output formats, shared by the in-JVM and NATS demos. */
final class DemoOutput {
  private static final HexFormat HEX = HexFormat.of();

  private DemoOutput() {}

  /**
   * The schemes named by {@code --scheme}: {@code both} (secp256k1 and Ed25519, an Mpcium
   * wallet's pair), {@code all}, one scheme's label, or a comma-separated list of labels.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static List<KeyScheme> schemes(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("both")) {
      return List.of(KeyScheme.SECP256K1, KeyScheme.ED25519);
    }
    if (v.equals("all")) {
      return List.of(KeyScheme.values());
    }
    EnumSet<KeyScheme> chosen = EnumSet.noneOf(KeyScheme.class);
    for (String label : v.split(",", -1)) {
      if (!chosen.add(KeyScheme.fromLabel(label.trim()))) {
        throw new IllegalArgumentException("scheme " + label.trim() + " listed twice");
      }
    }
    return new ArrayList<>(chosen);
  }

  /**
   * The child key {@code --path} names, derived here the way a client does offline: from the
   * wallet's public key and the chain code (the cluster's {@code --chain-code}, else the key's
   * default one, a hash of the public key). Empty for the master key.
   */
  static Optional<ChildKey> offlineChild(KeyGenResult key, DerivationPath path,
      Optional<byte[]> clusterChainCode) {
    if (path.isMaster()) {
      return Optional.empty();
    }
    byte[] chainCode = clusterChainCode.map(byte[]::clone)
        .orElseGet(() -> HdDerivation.defaultChainCode(key.scheme(), key.publicKey()));
    return Optional.of(HdDerivation.derive(key.scheme(), key.publicKey(), chainCode, path));
  }

  /** The key a signature must verify under: the child key with {@code --path}, else the key. */
  static byte[] expectedKey(KeyGenResult key, Optional<ChildKey> child) {
    return child.map(ChildKey::publicKey).orElseGet(key::publicKey);
  }

  /**
   * One {@code --json} line: scheme, wallet id, the public key the signature verifies under,
   * the signed message (for secp256k1 the 32-byte digest as given), the signature (64 bytes for
   * every scheme) and, for secp256k1, the recovery id. With a child key ({@code --path}) also
   * the path, the wallet's (parent) public key in the same encoding as {@code publicKey} and the
   * chain code, from which anyone can re-derive {@code publicKey} offline.
   */
  static String jsonLine(String walletId, SignatureResult result) {
    return jsonLine(walletId, result, Optional.empty());
  }

  /** {@link #jsonLine(String, SignatureResult)}, with the child key's derivation data. */
  static String jsonLine(String walletId, SignatureResult result, Optional<ChildKey> child) {
    StringBuilder line = new StringBuilder(400)
        .append("{\"scheme\":\"").append(result.scheme().label())
        .append("\",\"walletId\":\"").append(DemoCommand.jsonEscape(walletId))
        .append("\",\"publicKey\":\"").append(HEX.formatHex(result.publicKey()))
        .append("\",\"message\":\"").append(HEX.formatHex(result.message()))
        .append("\",\"signature\":\"").append(HEX.formatHex(result.signature())).append('"');
    result.recoveryId().ifPresent(v -> line.append(",\"recoveryId\":").append(v));
    child.ifPresent(c -> line.append(",\"path\":").append(c.path().indices().stream()
            .map(String::valueOf).collect(Collectors.joining(",", "[", "]")))
        .append(",\"parentPublicKey\":\"").append(HEX.formatHex(c.parentPublicKey()))
        .append("\",\"chainCode\":\"").append(HEX.formatHex(c.parentChainCode())).append('"'));
    return line.append('}').toString();
  }

  /** For a secp256k1 key, {@code "; Ethereum address 0x…"}; otherwise empty. */
  static String addressNote(KeyGenResult key) {
    if (key.scheme() != KeyScheme.SECP256K1) {
      return "";
    }
    try {
      return "; Ethereum address " + EthereumAddress.checksummed(
          Secp256k1Group.INSTANCE.decodeElement(key.publicKey()));
    } catch (InvalidEncodingException e) {
      throw new IllegalStateException("the cluster returned an invalid secp256k1 key", e);
    }
  }
}
