package io.mpcium.benchmarks;

import io.mpcium.PartyId;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.PedersenDkg;
import io.mpcium.protocol.dkls23.Dkls23KeyGen;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import io.mpcium.protocol.frost.Ed25519Sha512;
import io.mpcium.protocol.frost.FrostSign;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints, as a Markdown table, the protocol payload bytes each party sends in every whole
 * protocol the JMH suite times, at (t, n) = (2, 3), (3, 5), (5, 9): before envelopes,
 * signatures and encryption; a broadcast counts once per receiver, as the transport sends it.
 * Resharing rows are those of {@link ReshareBenchmark}: refresh at t-of-n and growth to
 * t-of-(n+1), the first t holders dealing; the row shows p0, a dealer. The byte counts are exact
 * (message sizes do not depend on the random values). Run: {@code java -cp
 * benchmarks/target/benchmarks.jar io.mpcium.benchmarks.MessageSizes [t-of-n ...]}.
 */
public final class MessageSizes {
  private MessageSizes() { }

  /** Bytes sent, by party and round. */
  static final class Counter implements LocalSimulation.Tamperer {
    final Map<PartyId, Map<Integer, Long>> sent = new TreeMap<>();

    @Override
    public byte[] tamper(PartyId from, PartyId to, int round, byte[] payload) {
      sent.computeIfAbsent(from, p -> new TreeMap<>()).merge(round, (long) payload.length,
          Long::sum);
      return payload;
    }

    long total(PartyId party) {
      return sent.getOrDefault(party, Map.of()).values().stream().mapToLong(Long::longValue)
          .sum();
    }
  }

  public static void main(String[] args) {
    List<String> configs = args.length > 0 ? List.of(args) : List.of("2-of-3", "3-of-5",
        "5-of-9");
    PrintStream out = System.out;
    out.println("| protocol | t-of-n | parties | bytes one party sends, by round | that party's"
        + " total bytes |");
    out.println("|---|---|---|---|---|");
    SecureRandom rng = new SecureRandom();
    for (String config : configs) {
      List<PartyId> parties = Committees.parties(config);
      int t = Committees.threshold(config);
      List<PartyId> signers = parties.subList(0, t);
      byte[] sid = new byte[32];
      byte[] message = new byte[32];
      rng.nextBytes(message);

      rng.nextBytes(sid);
      Map<PartyId, PedersenDkg> dkg = new TreeMap<>();
      for (PartyId party : parties) {
        dkg.put(party, new PedersenDkg(Ed25519Sha512.INSTANCE, sid, party, parties, t));
      }
      Map<PartyId, KeyShare> frostKeys = run(out, "Pedersen DKG (Ed25519)", config, dkg, rng);

      Map<PartyId, FrostSign> frost = new TreeMap<>();
      for (PartyId signer : signers) {
        frost.put(signer, new FrostSign(Ed25519Sha512.INSTANCE, frostKeys.get(signer), signers,
            message));
      }
      run(out, "FROST(Ed25519) sign", config, frost, rng);

      rng.nextBytes(sid);
      Map<PartyId, Dkls23KeyGen> keygen = new TreeMap<>();
      for (PartyId party : parties) {
        keygen.put(party, new Dkls23KeyGen(sid, party, parties, t));
      }
      Map<PartyId, Dkls23KeyShare> ecdsaKeys = run(out, "DKLs23 keygen", config, keygen, rng);

      rng.nextBytes(sid);
      Map<PartyId, Dkls23Sign> sign = new TreeMap<>();
      for (PartyId signer : signers) {
        sign.put(signer, new Dkls23Sign(ecdsaKeys.get(signer), sid, signers, message));
      }
      run(out, "DKLs23 sign", config, sign, rng);
      out.printf("| DKLs23 key share (encoded) | %s | | | %,d bytes |%n", config,
          ecdsaKeys.get(parties.get(0)).encode().length);

      // Resharing as ReshareBenchmark runs it: the first t holders deal; refresh keeps the
      // committee, grow adds one party (t-of-n to t-of-(n+1)). Row: p0, a dealer.
      List<PartyId> grown = Committees.parties(t + "-of-" + (parties.size() + 1));
      String growth = config + " → " + t + "-of-" + grown.size();
      run(out, "Ed25519 refresh", config,
          Committees.resharing(frostKeys, signers, parties, t, rng), rng);
      run(out, "Ed25519 reshare", growth,
          Committees.resharing(frostKeys, signers, grown, t, rng), rng);
      run(out, "DKLs23 refresh", config,
          Committees.dkls23Resharing(ecdsaKeys, signers, parties, t, rng), rng);
      run(out, "DKLs23 reshare", growth,
          Committees.dkls23Resharing(ecdsaKeys, signers, grown, t, rng), rng);
    }
  }

  private static <R> Map<PartyId, R> run(PrintStream out, String name, String config,
      Map<PartyId, ? extends Protocol<R>> protocols, SecureRandom rng) {
    Counter counter = new Counter();
    LocalSimulation.Outcome<R> outcome = new LocalSimulation<>(protocols, counter).run(rng);
    if (!outcome.succeeded()) {
      throw new IllegalStateException(name + " " + config + ": " + outcome.aborts());
    }
    PartyId first = protocols.keySet().iterator().next();
    out.printf("| %s | %s | %d | %s | %,d |%n", name, config, protocols.size(),
        counter.sent.get(first), counter.total(first));
    return outcome.results();
  }
}
