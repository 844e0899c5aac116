/**
 * Pedersen distributed key generation with Feldman commitments, proofs of knowledge and key
 * confirmation, generic over the group; and the key share it produces.
 */
package io.mpcium.protocol.dkg;
