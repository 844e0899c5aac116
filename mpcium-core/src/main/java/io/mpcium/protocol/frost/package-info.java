/**
 * FROST threshold Schnorr signing (RFC 9591): the ciphersuites FROST(Ed25519, SHA-512) and
 * FROST(secp256k1, SHA-256), the BIP340/Taproot variant over secp256k1, the RFC functions,
 * single-use nonces and the two signing rounds.
 */
package io.mpcium.protocol.frost;
