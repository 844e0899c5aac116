package io.mpcium.transport.nats.client;

import io.mpcium.Initiator;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Loads an initiator's private key from the files Mpcium's {@code mpcium-cli
 * generate-initiator} writes (§1.6, §1.18): Ed25519 as the hex of the 32-byte seed (a 64-byte
 * seed‖public key is also accepted), P-256 as PKCS#8 or SEC1 DER, raw or hex. Encrypted
 * {@code .age} files are not supported: decrypt them first. Error messages never contain key
 * material.
 */
public final class InitiatorKeyFiles {
  private InitiatorKeyFiles() { }

  /** Loads {@code file} for {@code algorithm} ({@code "ed25519"} or {@code "p256"}). */
  public static Initiator load(Path file, String algorithm) throws IOException {
    if (file.getFileName().toString().endsWith(".age")) {
      throw new IOException("encrypted .age initiator keys are not supported; decrypt " + file
          + " with age first");
    }
    byte[] content = Files.readAllBytes(file);
    try {
      return parse(content, algorithm);
    } catch (IllegalArgumentException e) {
      throw new IOException("initiator key file " + file + ": " + e.getMessage());
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Parses a key file's content. */
  public static Initiator parse(byte[] content, String algorithm) {
    switch (algorithm.toLowerCase(Locale.ROOT)) {
      case "ed25519" -> {
        byte[] key = hex(content).orElseThrow(() -> new IllegalArgumentException(
            "an Ed25519 initiator key must be the hex of its 32-byte seed"));
        try {
          if (key.length != 32 && key.length != 64) {
            throw new IllegalArgumentException("an Ed25519 initiator key must be 32 bytes "
                + "(seed) or 64 bytes (seed and public key), got " + key.length);
          }
          return Initiator.ed25519FromSeed(Arrays.copyOf(key, 32));
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      }
      case "p256" -> {
        byte[] der = hex(content).orElse(content.clone());
        try {
          return Initiator.p256FromPrivateKey(p256Scalar(der));
        } finally {
          Arrays.fill(der, (byte) 0);
        }
      }
      default -> throw new IllegalArgumentException("unknown initiator algorithm '" + algorithm
          + "' (ed25519 or p256)");
    }
  }

  private static BigInteger p256Scalar(byte[] der) {
    ASN1Sequence sequence;
    try {
      sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("a P-256 initiator key must be PKCS#8 or SEC1 DER");
    }
    try {
      PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(sequence);
      if (!X9ObjectIdentifiers.id_ecPublicKey.equals(
          pkcs8.getPrivateKeyAlgorithm().getAlgorithm())
          || !X9ObjectIdentifiers.prime256v1.equals(
              pkcs8.getPrivateKeyAlgorithm().getParameters())) {
        throw new IllegalArgumentException("the PKCS#8 key is not an EC key on P-256");
      }
      return ECPrivateKey.getInstance(pkcs8.parsePrivateKey()).getKey();
    } catch (IllegalArgumentException | IOException notPkcs8) {
      try {
        ECPrivateKey sec1 = ECPrivateKey.getInstance(sequence);
        if (sec1.getParametersObject() != null
            && !X9ObjectIdentifiers.prime256v1.equals(sec1.getParametersObject())) {
          throw new IllegalArgumentException("the SEC1 key is not on P-256");
        }
        return sec1.getKey();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("a P-256 initiator key must be PKCS#8 or SEC1 DER");
      }
    }
  }

  private static java.util.Optional<byte[]> hex(byte[] content) {
    String text = new String(content, StandardCharsets.US_ASCII).strip();
    if (text.startsWith("0x")) {
      text = text.substring(2);
    }
    if (text.isEmpty() || text.length() % 2 != 0 || !text.matches("[0-9a-fA-F]+")) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(HexFormat.of().parseHex(text));
  }
}
