package io.mpcium;

/**
 * Which bytes an initiator signs for a {@link Request}. Every node rebuilds these bytes from the
 * request itself and checks the initiator's signature over them before it takes part.
 */
public enum RequestFormat {
  /** This library's domain-separated, length-prefixed encoding of every request field. */
  NATIVE,
  /**
   * The bytes Mpcium's Go and TypeScript clients sign: for key generation the UTF-8 wallet id;
   * for signing the Go JSON {@code {"key_type","wallet_id","network_internal_code","tx_id",
   * "tx"}}, where {@code tx_id} is the request id and {@code tx} the base64 message. This
   * library's {@code "schnorr"} key type extends it: a signing request with a taproot tweak
   * appends {@code "taproot_tweak"} after {@code tx} ({@code ""} for key path only, else the
   * base64 32-byte merkle root); without a tweak the bytes have Mpcium's shape.
   */
  MPCIUM
}
