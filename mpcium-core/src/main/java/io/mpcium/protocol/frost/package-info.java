/**
 * FROST threshold Schnorr signing (RFC 9591): the ciphersuite FROST(Ed25519, SHA-512), the RFC
 * functions, single-use nonces and the two signing rounds.
 */
package io.mpcium.protocol.frost;
