package io.mpcium.transport.nats.wire;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mpcium's JetStream names and subjects (mpcium-features.md §2.2-2.4, §2.12), and the client-id
 * rules. Constants only.
 */
public final class MpciumSubjects {
  public static final String KEYGEN_STREAM = "mpc-keygen";
  public static final String SIGNING_STREAM = "mpc-signing";
  public static final String RESULT_STREAM = "mpc";

  public static final String KEYGEN_REQUESTS = "mpc.keygen_request.*";
  public static final String SIGNING_REQUESTS = "mpc.signing_request.*";
  /** Core NATS subject of reshare requests (no JetStream). */
  public static final String RESHARE_REQUESTS = "mpc:reshare";

  public static final String KEYGEN_CONSUMER = "mpc_keygen_consumer";
  public static final String SIGNING_CONSUMER = "mpc_signing_consumer";

  public static final String KEYGEN_RESULT = "mpc.mpc_keygen_result";
  public static final String SIGNING_RESULT = "mpc.mpc_signing_result";
  public static final String RESHARE_RESULT = "mpc.mpc_reshare_result";

  /** Advisory JetStream sends when a request exhausted its deliveries. */
  public static final String MAX_DELIVERIES_ADVISORY =
      "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + SIGNING_STREAM + "." + SIGNING_CONSUMER;

  public static final String CLIENT_ID_HEADER = "ClientID";

  private static final Pattern CLIENT_ID = Pattern.compile("[^\\s.*>]+");

  private MpciumSubjects() { }

  /** Whether a client id is usable in subjects (Mpcium's Go client rules). */
  public static boolean validClientId(String clientId) {
    return clientId != null && CLIENT_ID.matcher(clientId).matches();
  }

  /** {@code mpc.mpc_keygen_result[.<clientId>].<walletId>}. */
  public static String keygenResult(Optional<String> clientId, String walletId) {
    return scoped(KEYGEN_RESULT, clientId) + "." + walletId;
  }

  /** {@code mpc.mpc_signing_result[.<clientId>].complete}. */
  public static String signingResult(Optional<String> clientId) {
    return scoped(SIGNING_RESULT, clientId) + ".complete";
  }

  /** {@code mpc.mpc_reshare_result[.<clientId>].<sessionId>}. */
  public static String reshareResult(Optional<String> clientId, String sessionId) {
    return scoped(RESHARE_RESULT, clientId) + "." + sessionId;
  }

  /**
   * The {@code Nats-Msg-Id} of a result: {@code <resultPrefix>.[<clientId>:]<baseId>}, the same
   * on every node, so that JetStream keeps only the first copy within its duplicate window.
   * Header values are printable ASCII: an id with other characters (a client's {@code tx_id}
   * is any JSON string) or longer than {@value #MAX_MESSAGE_ID} characters is replaced by
   * {@code <resultPrefix>.sha256:<hex of its UTF-8 SHA-256>}, so that its result can still be
   * published.
   */
  public static String resultMessageId(String resultPrefix, Optional<String> clientId,
      String baseId) {
    String id = resultPrefix + "." + clientId.map(c -> c + ":").orElse("") + baseId;
    if (id.length() <= MAX_MESSAGE_ID && id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return id;
    }
    try {
      return resultPrefix + ".sha256:" + java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(
              id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Longest result message id used as is. */
  public static final int MAX_MESSAGE_ID = 512;

  /** The durable result consumer of a client: {@code sanitize("mpc_<op>_result[.<id>]")}. */
  public static String resultConsumer(String resultPrefix, Optional<String> clientId) {
    String base = resultPrefix.substring("mpc.".length());
    return clientId.map(c -> sanitize(base + "." + c)).orElse(base);
  }

  /** The filter of a result consumer. */
  public static String resultFilter(String resultPrefix, Optional<String> clientId) {
    String scoped = scoped(resultPrefix, clientId);
    return resultPrefix.equals(SIGNING_RESULT) ? scoped + ".complete" : scoped + ".*";
  }

  /** Mpcium's consumer-name sanitizer (§2.3). */
  public static String sanitize(String name) {
    String s = name.replace('.', '_').replace(':', '_').replace(' ', '_').replace('-', '_')
        .replace(">", "all").replace("*", "any");
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      s = "_" + s;
    }
    return s;
  }

  private static String scoped(String prefix, Optional<String> clientId) {
    return clientId.map(c -> prefix + "." + c).orElse(prefix);
  }
}
