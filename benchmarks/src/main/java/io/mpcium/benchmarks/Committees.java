package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.dkg.DkgExtension;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.PedersenDkg;
import io.mpcium.protocol.dkg.Resharing;
import io.mpcium.protocol.dkls23.Dkls23KeyGen;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Reshare;
import io.mpcium.protocol.frost.Ciphersuite;
import io.mpcium.protocol.frost.Ed25519Sha512;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Committees for the benchmarks: {@code "t-of-n"} parameters, whole DKG runs, resharings. */
final class Committees {
  private Committees() { }

  /** The threshold of a {@code "t-of-n"} parameter. */
  static int threshold(String config) {
    return Integer.parseInt(config.split("-of-")[0]);
  }

  /** The parties {@code p0..p(n-1)} of a {@code "t-of-n"} parameter. */
  static List<PartyId> parties(String config) {
    int n = Integer.parseInt(config.split("-of-")[1]);
    List<PartyId> parties = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parties.add(PartyId.of("p" + i));
    }
    return parties;
  }

  /** Runs a whole Ed25519 DKG in this thread; fails loudly if any party aborts. */
  static Map<PartyId, KeyShare> keygen(List<PartyId> parties, int threshold, SecureRandom rng) {
    return keygen(Ed25519Sha512.INSTANCE, parties, threshold, rng);
  }

  /** Runs a whole DKG over {@code suite}'s group in this thread; fails loudly on an abort. */
  static Map<PartyId, KeyShare> keygen(Ciphersuite suite, List<PartyId> parties, int threshold,
      SecureRandom rng) {
    byte[] sessionId = new byte[32];
    rng.nextBytes(sessionId);
    Map<PartyId, PedersenDkg> protocols = new TreeMap<>();
    for (PartyId party : parties) {
      protocols.put(party, new PedersenDkg(suite, sessionId, party, parties, threshold));
    }
    LocalSimulation.Outcome<KeyShare> outcome = new LocalSimulation<>(protocols).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException("key generation failed: " + outcome.aborts());
    }
    return outcome.results();
  }

  /** Runs a whole DKLs23 (secp256k1) key generation in this thread; fails loudly on abort. */
  static Map<PartyId, Dkls23KeyShare> ecdsaKeygen(List<PartyId> parties, int threshold,
      SecureRandom rng) {
    byte[] sessionId = new byte[32];
    rng.nextBytes(sessionId);
    Map<PartyId, Dkls23KeyGen> protocols = new TreeMap<>();
    for (PartyId party : parties) {
      protocols.put(party, new Dkls23KeyGen(sessionId, party, parties, threshold));
    }
    LocalSimulation.Outcome<Dkls23KeyShare> outcome = new LocalSimulation<>(protocols).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException("key generation failed: " + outcome.aborts());
    }
    return outcome.results();
  }

  /**
   * The Ed25519 resharing of {@code keys} to {@code committee} with threshold {@code t}, the
   * {@code dealers} dealing, one protocol per new party, under a fresh session id.
   */
  static Map<PartyId, Resharing> resharing(Map<PartyId, KeyShare> keys, List<PartyId> dealers,
      List<PartyId> committee, int t, SecureRandom rng) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, Resharing> protocols = new TreeMap<>();
    for (PartyId party : committee) {
      protocols.put(party, new Resharing(Ed25519Sha512.INSTANCE, sid, party,
          Optional.ofNullable(dealers.contains(party) ? keys.get(party) : null), dealers,
          committee, t, DkgExtension.NONE));
    }
    return protocols;
  }

  /** The same for a DKLs23 key, with the new committee's pairwise setup. */
  static Map<PartyId, Dkls23Reshare> dkls23Resharing(Map<PartyId, Dkls23KeyShare> keys,
      List<PartyId> dealers, List<PartyId> committee, int t, SecureRandom rng) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, Dkls23Reshare> protocols = new TreeMap<>();
    for (PartyId party : committee) {
      protocols.put(party, new Dkls23Reshare(sid, party,
          Optional.ofNullable(dealers.contains(party) ? keys.get(party) : null), dealers,
          committee, t));
    }
    return protocols;
  }
}
