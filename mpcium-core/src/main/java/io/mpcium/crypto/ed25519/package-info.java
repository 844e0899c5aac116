/**
 * The edwards25519 prime-order group (RFC 8032) as a {@link io.mpcium.crypto.Group}: our own
 * extended-coordinates point arithmetic on BouncyCastle's field {@code X25519Field}, with
 * constant-time fixed-base and variable-base multiplication, variable-time multi-scalar
 * multiplication for public scalars, and strict decoding (canonical, on the curve, not the
 * identity, in the prime-order subgroup). Not for use outside this library.
 */
package io.mpcium.crypto.ed25519;
