package io.mpcium.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.PartyId;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.PedersenDkg;
import io.mpcium.protocol.frost.Ciphersuite;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.FrostSign;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs DKG and FROST for tests, all parties in one thread. */
public final class ProtocolFixtures {
  public static final Ciphersuite SUITE = Ed25519Sha512.INSTANCE;

  private ProtocolFixtures() { }

  public static List<PartyId> parties(int n) {
    List<PartyId> parties = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parties.add(PartyId.of("p" + i));
    }
    return parties;
  }

  /** Every {@code size}-subset of {@code items}, each in the items' order. */
  public static <T> List<List<T>> subsets(List<T> items, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int mask = 0; mask < (1 << items.size()); mask++) {
      if (Integer.bitCount(mask) == size) {
        List<T> subset = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          if ((mask & (1 << i)) != 0) {
            subset.add(items.get(i));
          }
        }
        out.add(subset);
      }
    }
    return out;
  }

  public static Map<PartyId, PedersenDkg> dkg(byte[] sessionId, List<PartyId> parties,
      int threshold) {
    return dkg(SUITE, sessionId, parties, threshold);
  }

  public static Map<PartyId, PedersenDkg> dkg(Ciphersuite suite, byte[] sessionId,
      List<PartyId> parties, int threshold) {
    Map<PartyId, PedersenDkg> protocols = new TreeMap<>();
    for (PartyId party : parties) {
      protocols.put(party, new PedersenDkg(suite, sessionId, party, parties, threshold));
    }
    return protocols;
  }

  /** Runs a clean DKG and returns every party's share. */
  public static Map<PartyId, KeyShare> keygen(int n, int threshold, SecureRandom rng) {
    return keygen(SUITE, n, threshold, rng);
  }

  /** Runs a clean DKG over {@code suite}'s group and returns every party's share. */
  public static Map<PartyId, KeyShare> keygen(Ciphersuite suite, int n, int threshold,
      SecureRandom rng) {
    byte[] sessionId = new byte[32];
    rng.nextBytes(sessionId);
    LocalSimulation.Outcome<KeyShare> outcome =
        new LocalSimulation<>(dkg(suite, sessionId, parties(n), threshold)).run(rng);
    assertThat(outcome.aborts()).isEmpty();
    return outcome.results();
  }

  public static Map<PartyId, FrostSign> signing(Map<PartyId, KeyShare> shares,
      List<PartyId> signers, byte[] message) {
    Map<PartyId, FrostSign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, new FrostSign(SUITE, shares.get(signer), signers, message));
    }
    return protocols;
  }
}
