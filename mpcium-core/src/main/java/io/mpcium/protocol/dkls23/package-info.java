/**
 * Threshold ECDSA over secp256k1 with DKLs23 (Doerner, Kondi, Lee, shelat, "Threshold ECDSA in
 * Three Rounds", eprint 2023/765). Public entry points: {@link
 * io.mpcium.protocol.dkls23.Dkls23KeyGen} (key generation), {@link
 * io.mpcium.protocol.dkls23.Dkls23Sign} (signing) and {@link
 * io.mpcium.protocol.dkls23.Dkls23KeyShare} (the stored share). Everything else is internal.
 *
 * <h2>Choices and parameters</h2>
 *
 * <ul>
 *   <li><b>Security parameters:</b> computational {@code κ = 256}, statistical {@code λ_s = 128}
 *       (at least the required 80).
 *   <li><b>Key generation:</b> the shared Pedersen DKG ({@link
 *       io.mpcium.protocol.dkg.PedersenDkg}: Feldman commitments, Schnorr proofs of knowledge,
 *       echo-checked broadcasts, key confirmation) over secp256k1, with the DKLs23 pairwise setup
 *       in its encrypted point-to-point round: for every ordered pair, a batch of 256 base OTs,
 *       and a zero-sharing seed {@code H(key id, i, j, s_ij, s_ji)}. No chain code in the DKG:
 *       HD child keys ({@link io.mpcium.hd}) move the Shamir share to the child key ({@link
 *       Dkls23KeyShare#moveToChild}) and leave OT state and zero-sharing seeds untouched; the
 *       node binds the path into the signing session id, and round 3 checks {@code Σ pk} against
 *       the child key.
 *   <li><b>Base OT:</b> Masny–Rindal endemic OT (eprint 2019/706, Fig. 8) from Diffie–Hellman over
 *       secp256k1, with RFC 9380 {@code secp256k1_XMD:SHA-256_SSWU_RO_} as the hash onto the
 *       group (tested against RFC 9380 Appendix J.8.1), one round, 256 instances per ordered pair.
 *       Chosen over Zhou et al.'s verifiable endemic OT because it needs no per-instance proofs
 *       (roughly 2–3× fewer point multiplications). Receiver scalars are fresh CSPRNG output; every
 *       received point is strictly decoded; repeated points and degenerate instances are
 *       rejected.
 *   <li><b>OT extension:</b> KOS15 with the corrected check, i.e. SoftSpokenOT with {@code k =
 *       1} (eprint 2022/192), non-interactive by Fiat–Shamir; batch {@code ξ = κ + 2λ_s = 512}
 *       OTs, 128 extra random columns, consistency check over GF(2^128) ({@code x^128 + x^7 + x^2
 *       + x + 1}) with four hashed challenges — about 128-bit soundness against a receiver that
 *       grinds the Fiat–Shamir challenge, matching the 128-bit security of secp256k1 itself;
 *       base-OT seeds reused across sessions, PRG keyed by
 *       the session, the ordered pair and the receiver's fresh nonce.
 *   <li><b>Multiplication:</b> DKLs23 Protocol 5.2 (random vector OLE) with {@code ℓ = 2} inputs
 *       ({@code r_i}, {@code sk_i}) and {@code ρ = 1} check column, a public random gadget of
 *       512 scalars hashed from the key id; randomization keyed by both pair nonces.
 *   <li><b>Signing:</b> Protocol 3.6, three rounds (point to point, point to point, broadcast);
 *       then {@code s = Σw/Σu}, low-S normalization, recovery id from the final {@code s}, and
 *       verification against the public key before the signature is returned.
 * </ul>
 *
 * <h2>Hashing</h2>
 *
 * Every hash is a tagged SHA-256 over length-prefixed components ({@code TaggedHash}); the hot
 * loops (PRG, randomization) key SHA-256 with such a tagged digest and then absorb fixed-length
 * fields only. Signing hashes bind the key id, the session id, the signer set, the digest and
 * the ordered pair of party indices.
 *
 * <h2>Bans</h2>
 *
 * OT correlations are reused, so a counterparty that fails the OT-extension check, the
 * multiplication check, the commitment opening or the {@code R}/{@code pk} consistency checks —
 * or sends a malformed pairwise message — is reported in {@link
 * io.mpcium.protocol.ProtocolAbort#banned()}; the node records it with {@link
 * io.mpcium.protocol.dkls23.Dkls23KeyShare#withBanned}, and {@link
 * io.mpcium.protocol.dkls23.Dkls23Sign} refuses signer sets that include a banned party.
 *
 * <h2>Threading</h2>
 *
 * Protocol and round objects are used by one thread at a time (the session driver); key shares
 * are immutable apart from destruction and may be shared between sessions.
 */
package io.mpcium.protocol.dkls23;
