/**
 * Non-hardened HD child keys of threshold wallets, derived from public data only: a wallet's
 * public key and a chain code. {@link io.mpcium.hd.DerivationPath} names a child; {@link
 * io.mpcium.hd.HdDerivation} derives it for any {@link io.mpcium.KeyScheme} (BIP32 CKDpub for
 * secp256k1 and BIP340 keys, Mpcium's scheme for Ed25519), exactly as a client does offline and
 * as the nodes do before they sign with the child key.
 */
package io.mpcium.hd;
