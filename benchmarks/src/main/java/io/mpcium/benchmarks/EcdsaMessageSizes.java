package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.crypto.secp256k1.EcdsaSignature;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.dkls23.Dkls23KeyGen;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints the protocol payload bytes each party sends in a DKLs23 2-of-3 key generation and
 * 2-of-3 signature (before envelopes, signatures and encryption; a broadcast counts once per
 * receiver, as the transport sends it). Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.mpcium.benchmarks.EcdsaMessageSizes}.
 */
public final class EcdsaMessageSizes {
  private EcdsaMessageSizes() { }

  /** Bytes sent, by party and round. */
  static final class Counter implements LocalSimulation.Tamperer {
    final Map<PartyId, Map<Integer, Long>> sent = new TreeMap<>();

    @Override
    public byte[] tamper(PartyId from, PartyId to, int round, byte[] payload) {
      sent.computeIfAbsent(from, p -> new TreeMap<>()).merge(round, (long) payload.length,
          Long::sum);
      return payload;
    }

    void print(PrintStream out, String what) {
      sent.forEach((party, rounds) -> out.printf("%s, %s: %s, total %,d bytes%n", what, party,
          rounds, rounds.values().stream().mapToLong(Long::longValue).sum()));
    }
  }

  public static void main(String[] args) {
    SecureRandom rng = new SecureRandom();
    List<PartyId> parties = Committees.parties("2-of-3");
    byte[] sid = new byte[32];
    rng.nextBytes(sid);
    Map<PartyId, Dkls23KeyGen> keygen = new TreeMap<>();
    for (PartyId party : parties) {
      keygen.put(party, new Dkls23KeyGen(sid, party, parties, 2));
    }
    Counter keygenBytes = new Counter();
    LocalSimulation.Outcome<Dkls23KeyShare> keys =
        new LocalSimulation<>(keygen, keygenBytes).run(rng);
    if (!keys.succeeded()) {
      throw new IllegalStateException(keys.aborts().toString());
    }
    keygenBytes.print(System.out, "keygen 3 parties");
    List<PartyId> signers = parties.subList(0, 2);
    byte[] digest = new byte[32];
    rng.nextBytes(digest);
    rng.nextBytes(sid);
    Map<PartyId, Dkls23Sign> signing = new TreeMap<>();
    for (PartyId signer : signers) {
      signing.put(signer, new Dkls23Sign(keys.results().get(signer), sid, signers, digest));
    }
    Counter signBytes = new Counter();
    LocalSimulation.Outcome<EcdsaSignature> signature =
        new LocalSimulation<>(signing, signBytes).run(rng);
    if (!signature.succeeded()) {
      throw new IllegalStateException(signature.aborts().toString());
    }
    signBytes.print(System.out, "sign 2-of-3");
    System.out.printf("share size: %,d bytes%n", keys.results().get(parties.get(0)).encode()
        .length);
  }
}
