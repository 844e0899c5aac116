package io.mpcium.crypto.secp256k1;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The Ethereum address of a secp256k1 public key (Ethereum Yellow Paper eq. 284: the last 20
 * bytes of Keccak-256 of the 64-byte x‖y), written with the EIP-55 mixed-case checksum.
 * Stateless and thread-safe.
 */
public final class EthereumAddress {
  private EthereumAddress() {}

  /** The 20-byte address. */
  public static byte[] bytes(Secp256k1Point publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    byte[] uncompressed = publicKey.encodeUncompressed();
    byte[] hash = keccak256(uncompressed, 1, 64);
    byte[] address = new byte[20];
    System.arraycopy(hash, 12, address, 0, 20);
    return address;
  }

  /** {@code 0x} followed by the EIP-55 checksummed hex address. */
  public static String checksummed(Secp256k1Point publicKey) {
    String lower = HexFormat.of().formatHex(bytes(publicKey));
    byte[] ascii = lower.getBytes(StandardCharsets.US_ASCII);
    byte[] hash = keccak256(ascii, 0, ascii.length);
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  private static byte[] keccak256(byte[] data, int offset, int length) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
