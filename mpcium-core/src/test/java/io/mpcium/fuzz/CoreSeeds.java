package io.mpcium.fuzz;

import io.mpcium.KeyGenRequest;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.ReshareRequest;
import io.mpcium.SignRequest;
import io.mpcium.crypto.ed25519.Ed25519Group;
import io.mpcium.hd.DerivationPath;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.internal.node.NodeDecoding;
import io.mpcium.internal.security.EnvelopeSealer;
import io.mpcium.internal.session.AbortNotice;
import io.mpcium.internal.session.SessionDecoding;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.ProtocolFixtures;
import io.mpcium.protocol.dkls23.Dkls23KeyGen;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import io.mpcium.spi.Envelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes the seed inputs of {@link CoreDecodersFuzzTest}: one valid encoding of each kind, from
 * which the fuzzer mutates. Run once when a format changes:
 * {@code java -cp <test class path> io.mpcium.fuzz.CoreSeeds
 * mpcium-core/src/test/resources/io/mpcium/fuzz/CoreDecodersFuzzTestInputs}.
 */
public final class CoreSeeds {
  private static final SecureRandom RNG = new SecureRandom();

  private CoreSeeds() { }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    List<PartyId> parties = ProtocolFixtures.parties(3);
    PartyId p0 = parties.get(0);
    PartyId p1 = parties.get(1);
    PartyId p2 = parties.get(2);
    Map<PartyId, NodeIdentity> identities = new TreeMap<>();
    parties.forEach(p -> identities.put(p, NodeIdentity.generate(p, RNG)));
    EnvelopeSealer sealer = new EnvelopeSealer(identities.get(p0),
        id -> Optional.ofNullable(identities.get(id)).map(NodeIdentity::peerInfo), RNG);
    byte[] sessionId = new byte[32];
    RNG.nextBytes(sessionId);
    Map<String, List<byte[]>> seeds = new TreeMap<>();

    Envelope broadcast = sealer.sealBroadcast("dkg/test", sessionId, 1, new byte[0],
        new byte[] {1, 2, 3});
    Envelope direct = sealer.sealDirect("dkg/test", sessionId, 2, p1, new byte[0],
        new byte[] {4, 5, 6});
    seeds.put("envelope", List.of(broadcast.encode(), direct.encode()));
    Map<PartyId, Envelope> view = new TreeMap<>();
    for (PartyId party : parties) {
      view.put(party, new EnvelopeSealer(identities.get(party),
          id -> Optional.ofNullable(identities.get(id)).map(NodeIdentity::peerInfo), RNG)
          .sealBroadcast("dkg/test", sessionId, 1, new byte[0], new byte[] {7}));
    }
    seeds.put("echoView", List.of(SessionDecoding.encodeEchoView(view)));
    seeds.put("abortNotice", List.of(AbortNotice.refusal("no").encode(),
        AbortNotice.aborted(List.of(p1), "bad share").encode()));
    KeyGenRequest keygen = new KeyGenRequest("req-1", "wallet-1",
        List.of(KeyScheme.SECP256K1, KeyScheme.ED25519));
    SignRequest sign = new SignRequest("req-2", "wallet-1", KeyScheme.ED25519, new byte[] {9});
    SignRequest child = new SignRequest("req-3", "wallet-1", KeyScheme.SECP256K1,
        new byte[32]).withDerivationPath(DerivationPath.of(44, 60, 0, 0, 7));
    ReshareRequest reshare = new ReshareRequest("req-4", "wallet-1", KeyScheme.SECP256K1,
        parties, 3);
    ReshareRequest mpciumReshare = ReshareRequest.mpcium("req-5", "wallet-1",
        KeyScheme.ED25519, parties, 1);
    seeds.put("proposal", List.of(
        NodeDecoding.encodeProposal(keygen, KeyScheme.ED25519, new byte[64], parties, 2, 1),
        NodeDecoding.encodeProposal(sign, KeyScheme.ED25519, new byte[64], List.of(p0, p1), 2,
            1),
        NodeDecoding.encodeProposal(child, KeyScheme.SECP256K1, new byte[64], List.of(p0, p1),
            2, 1),
        NodeDecoding.encodeProposal(reshare, KeyScheme.SECP256K1, new byte[64], parties, 3, 1,
            List.of(p0, p1)),
        NodeDecoding.encodeProposal(mpciumReshare, KeyScheme.ED25519, new byte[64], parties, 2,
            2, List.of(p1, p2))));

    Map<PartyId, io.mpcium.protocol.dkg.KeyShare> frost = ProtocolFixtures.keygen(3, 2, RNG);
    Map<PartyId, Dkls23KeyShare> dkls23 = new LocalSimulation<>(protocols(parties,
        p -> new Dkls23KeyGen(sessionId, p, parties, 2))).run(RNG).results();
    seeds.put("keyShareRecords", List.of(frost.get(p0).encode(), dkls23.get(p0).encode()));
    seeds.put("vaultRecords", List.of(
        CoreDecodersFuzzTest.VAULT.seal("ed25519:w", 1, frost.get(p1).encode())));
    seeds.put("groupEncodings", List.of(
        Ed25519Group.INSTANCE.mulBase(Ed25519Group.INSTANCE.scalarField().of(5)).encode(),
        Secp256k1Group.INSTANCE.mulBase(Secp256k1Group.INSTANCE.scalarField().of(5)).encode()));

    // What p1 sends p0 in each round of each protocol, prefixed as protocolMessages reads it.
    byte[] digest = new byte[32];
    digest[0] = 1;
    List<byte[]> messages = new ArrayList<>();
    record(messages, 0, tamperer ->
        new LocalSimulation<>(ProtocolFixtures.dkg(sessionId, parties, 2), tamperer).run(RNG));
    record(messages, 1, tamperer ->
        new LocalSimulation<>(ProtocolFixtures.signing(frost, List.of(p0, p1), digest),
            tamperer).run(RNG));
    record(messages, 2, tamperer ->
        new LocalSimulation<>(protocols(List.of(p0, p1),
            p -> new Dkls23Sign(dkls23.get(p), sessionId, List.of(p0, p1), digest)), tamperer)
            .run(RNG));
    record(messages, 4, tamperer -> new LocalSimulation<>(
        CoreDecodersFuzzTest.frostResharing(sessionId), tamperer).run(RNG));
    record(messages, 5, tamperer -> new LocalSimulation<>(
        CoreDecodersFuzzTest.dkls23Refresh(sessionId), tamperer).run(RNG));
    seeds.put("protocolMessages", messages);

    List<String> order = List.of("envelope", "echoView", "abortNotice", "proposal",
        "keyShareRecords", "vaultRecords", "groupEncodings");
    List<byte[]> every = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      for (byte[] seed : seeds.get(order.get(i))) {
        every.add(prefixed(i, seed));
      }
    }
    seeds.put("everyDecoder", every);

    for (Map.Entry<String, List<byte[]>> entry : seeds.entrySet()) {
      Path dir = root.resolve(entry.getKey());
      Files.createDirectories(dir);
      int n = 0;
      for (byte[] seed : entry.getValue()) {
        Files.write(dir.resolve("seed-" + n++), seed);
      }
    }
  }

  private interface Run {
    void run(LocalSimulation.Tamperer tamperer);
  }

  /** Runs a protocol honestly, keeping p1's message to p0 of each round, prefixed. */
  private static void record(List<byte[]> into, int protocol, Run run) {
    PartyId p0 = PartyId.of("p0");
    PartyId p1 = PartyId.of("p1");
    run.run((from, to, round, payload) -> {
      if (from.equals(p1) && to.equals(p0)) {
        byte[] seed = new byte[payload.length + 2];
        seed[0] = (byte) protocol;
        seed[1] = (byte) (round - 1);
        System.arraycopy(payload, 0, seed, 2, payload.length);
        into.add(seed);
      }
      return payload;
    });
  }

  private static byte[] prefixed(int selector, byte[] seed) {
    byte[] out = new byte[seed.length + 1];
    out[0] = (byte) selector;
    System.arraycopy(seed, 0, out, 1, seed.length);
    return out;
  }

  private static <P> Map<PartyId, P> protocols(List<PartyId> parties,
      java.util.function.Function<PartyId, P> of) {
    Map<PartyId, P> protocols = new TreeMap<>();
    parties.forEach(p -> protocols.put(p, of.apply(p)));
    return protocols;
  }
}
