package io.mpcium.protocol.dkls23;

import static org.assertj.core.api.Assertions.assertThat;

import io.mpcium.PartyId;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.protocol.LocalSimulation;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** DKLs23 key generation and signing with all parties in one thread, for tests. */
final class Dkls23Fixtures {
  private Dkls23Fixtures() { }

  static List<PartyId> parties(int n) {
    return io.mpcium.protocol.ProtocolFixtures.parties(n);
  }

  static Map<PartyId, Dkls23KeyGen> keyGen(byte[] sessionId, List<PartyId> parties, int t) {
    Map<PartyId, Dkls23KeyGen> protocols = new TreeMap<>();
    for (PartyId party : parties) {
      protocols.put(party, new Dkls23KeyGen(sessionId, party, parties, t));
    }
    return protocols;
  }

  static Map<PartyId, Dkls23KeyShare> keygen(int n, int t, SecureRandom rng) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    LocalSimulation.Outcome<Dkls23KeyShare> outcome =
        new LocalSimulation<>(keyGen(sid, parties(n), t)).run(rng);
    assertThat(outcome.aborts()).isEmpty();
    return outcome.results();
  }

  static Map<PartyId, Dkls23Sign> signing(Map<PartyId, Dkls23KeyShare> shares,
      List<PartyId> signers, byte[] sessionId, byte[] digest) {
    Map<PartyId, Dkls23Sign> protocols = new TreeMap<>();
    for (PartyId signer : signers) {
      protocols.put(signer, new Dkls23Sign(shares.get(signer), sessionId, signers, digest));
    }
    return protocols;
  }

  static LocalSimulation.Outcome<EcdsaSignature> sign(Map<PartyId, Dkls23KeyShare> shares,
      List<PartyId> signers, byte[] digest, LocalSimulation.Tamperer tamperer,
      SecureRandom rng) {
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    return new LocalSimulation<>(signing(shares, signers, sid, digest), tamperer).run(rng);
  }
}
