package io.mpcium.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mpcium.PartyId;
import io.mpcium.VaultException;
import io.mpcium.crypto.Group;
import io.mpcium.crypto.InvalidEncodingException;
import io.mpcium.crypto.ed25519.Ed25519Group;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.internal.node.NodeDecoding;
import io.mpcium.internal.security.KdfParams;
import io.mpcium.internal.security.ShareVault;
import io.mpcium.internal.session.AbortNotice;
import io.mpcium.internal.session.SessionDecoding;
import io.mpcium.protocol.LocalSimulation;
import io.mpcium.protocol.Protocol;
import io.mpcium.protocol.ProtocolAbort;
import io.mpcium.protocol.ProtocolFixtures;
import io.mpcium.protocol.dkg.DkgExtension;
import io.mpcium.protocol.dkg.KeyShare;
import io.mpcium.protocol.dkg.Resharing;
import io.mpcium.protocol.dkls23.Dkls23KeyGen;
import io.mpcium.protocol.dkls23.Dkls23KeyShare;
import io.mpcium.protocol.dkls23.Dkls23Reshare;
import io.mpcium.protocol.dkls23.Dkls23Sign;
import io.mpcium.spi.Envelope;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every decoder of bytes a node receives from outside, fuzzed with Jazzer: node-to-node
 * envelopes, echo views, abort notices and session proposals (with their requests), every
 * protocol's round messages, key-share records and vault records. Each must return or reject
 * with its typed exception; anything else (an unchecked exception, an error, a hang) is a
 * finding. A normal build runs the seed inputs in {@code CoreDecodersFuzzTestInputs/}; {@code
 * scripts/fuzz} fuzzes {@link #everyDecoder} and {@link #protocolMessages} for a bounded time.
 */
class CoreDecodersFuzzTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final List<PartyId> PARTIES = ProtocolFixtures.parties(3);
  /** A vault under fixed parameters, so that the seed records open in full. */
  static final ShareVault VAULT = ShareVault.open("fuzz".toCharArray(),
      new KdfParams(KdfParams.SCRYPT_TESTING, KdfParams.TESTING_N, 8, 1, new byte[16]), RNG);

  /** Key shares to sign with, made on first use (a DKLs23 key generation is slow). */
  private static final class Shares {
    static final Map<PartyId, KeyShare> FROST = ProtocolFixtures.keygen(3, 2, RNG);
    static final Map<PartyId, Dkls23KeyShare> DKLS23 = dkls23Shares();
  }

  @FuzzTest
  void envelope(byte[] data) {
    try {
      Envelope envelope = Envelope.decode(data);
      assertThat(Envelope.decode(envelope.encode())).isEqualTo(envelope);
    } catch (MalformedMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void echoView(byte[] data) {
    try {
      SessionDecoding.echoView(data, 3);
    } catch (MalformedMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void abortNotice(byte[] data) {
    try {
      AbortNotice.decode(data);
    } catch (MalformedMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void proposal(byte[] data) {
    try {
      NodeDecoding.proposal(data);
    } catch (MalformedMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void keyShareRecords(byte[] data) {
    for (Group group : List.of(Ed25519Group.INSTANCE, Secp256k1Group.INSTANCE)) {
      try {
        KeyShare.decode(group, data).destroy();
      } catch (MalformedMessageException expected) {
        // rejected with the typed error
      }
    }
    try {
      Dkls23KeyShare.decode(data).destroy();
    } catch (MalformedMessageException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void vaultRecords(byte[] data) {
    try {
      KdfParams.decode(data);
    } catch (MalformedMessageException expected) {
      // rejected with the typed error
    }
    try {
      // Records under other KDF parameters cost a key derivation each: only the header is
      // fuzzed for those, the whole record for records under the vault's own parameters.
      if (ShareVault.paramsOf(data).equals(VAULT.params())) {
        VAULT.open("ed25519:w", 1, data);
      }
    } catch (VaultException expected) {
      // rejected with the typed error
    }
  }

  @FuzzTest
  void groupEncodings(byte[] data) {
    for (Group group : List.of(Ed25519Group.INSTANCE, Secp256k1Group.INSTANCE)) {
      try {
        assertThat(group.decodeElement(data).encode()).isEqualTo(data);
      } catch (InvalidEncodingException expected) {
        // rejected with the typed error
      }
      try {
        group.decodeScalar(data);
      } catch (InvalidEncodingException expected) {
        // rejected with the typed error
      }
    }
  }

  /**
   * One party's message in one round of one protocol replaced by the input (byte 0: protocol,
   * byte 1: round, the rest: the payload p1 sends p0). The protocol must not throw, and if p0
   * aborts it must name p1 alone. The protocols: 0 FROST key generation, 1 FROST signing, 2
   * DKLs23 signing, 3 DKLs23 key generation, 4 FROST Ed25519 resharing of a 2-of-3 key to 3-of-3
   * (p0 and p1 deal, p2 only receives), 5 DKLs23 refresh among p0 and p1.
   */
  @FuzzTest(maxDuration = "20s")
  void protocolMessages(byte[] data) {
    if (data.length < 2) {
      return;
    }
    byte[] payload = Arrays.copyOfRange(data, 2, data.length);
    int round = 1 + Math.floorMod(data[1], 3);
    PartyId p0 = PARTIES.get(0);
    PartyId p1 = PARTIES.get(1);
    LocalSimulation.Tamperer tamperer = LocalSimulation.Tamperer.change(round, p1, p0,
        original -> payload);
    byte[] sessionId = new byte[32];
    byte[] digest = new byte[32];
    digest[0] = 1;
    Map<PartyId, ProtocolAbort> aborts = switch (Math.floorMod(data[0], 6)) {
      case 0 -> new LocalSimulation<>(ProtocolFixtures.dkg(sessionId, PARTIES, 2), tamperer)
          .run(RNG).aborts();
      case 1 -> new LocalSimulation<>(ProtocolFixtures.signing(Shares.FROST, List.of(p0, p1),
          digest), tamperer).run(RNG).aborts();
      case 2 -> new LocalSimulation<>(protocols(List.of(p0, p1),
          p -> new Dkls23Sign(Shares.DKLS23.get(p), sessionId, List.of(p0, p1), digest)),
          tamperer).run(RNG).aborts();
      // Two parties: one pairwise OT setup, so that fuzzing gets through more inputs.
      case 3 -> new LocalSimulation<>(protocols(List.of(p0, p1),
          p -> new Dkls23KeyGen(sessionId, p, List.of(p0, p1), 2)), tamperer).run(RNG).aborts();
      case 4 -> new LocalSimulation<>(frostResharing(sessionId), tamperer).run(RNG).aborts();
      default -> new LocalSimulation<>(dkls23Refresh(sessionId), tamperer).run(RNG).aborts();
    };
    if (aborts.containsKey(p0)) {
      assertThat(aborts.get(p0).culprits()).containsExactly(p1);
    }
  }

  /**
   * All decoders in one, for a bounded fuzzing run: byte 0 chooses the decoder ({@link
   * #protocolMessages}, much slower per input, is fuzzed on its own).
   */
  @FuzzTest(maxDuration = "25s")
  void everyDecoder(byte[] data) {
    if (data.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(data, 1, data.length);
    switch (Math.floorMod(data[0], 7)) {
      case 0 -> envelope(rest);
      case 1 -> echoView(rest);
      case 2 -> abortNotice(rest);
      case 3 -> proposal(rest);
      case 4 -> keyShareRecords(rest);
      case 5 -> vaultRecords(rest);
      default -> groupEncodings(rest);
    }
  }

  private static <R, P extends Protocol<R>> Map<PartyId, P> protocols(List<PartyId> parties,
      Function<PartyId, P> of) {
    Map<PartyId, P> protocols = new TreeMap<>();
    parties.forEach(p -> protocols.put(p, of.apply(p)));
    return protocols;
  }

  /** FROST Ed25519 resharing of {@link Shares#FROST} to 3-of-3, dealt by p0 and p1. */
  static Map<PartyId, Resharing> frostResharing(byte[] sessionId) {
    List<PartyId> dealers = PARTIES.subList(0, 2);
    return protocols(PARTIES, p -> new Resharing(ProtocolFixtures.SUITE, sessionId, p,
        dealers.contains(p) ? Optional.of(Shares.FROST.get(p)) : Optional.empty(), dealers,
        PARTIES, 3, DkgExtension.NONE));
  }

  /** DKLs23 refresh of {@link Shares#DKLS23} among p0 and p1 (one pairwise OT setup). */
  static Map<PartyId, Dkls23Reshare> dkls23Refresh(byte[] sessionId) {
    List<PartyId> two = PARTIES.subList(0, 2);
    return protocols(two, p -> new Dkls23Reshare(sessionId, p, Optional.of(Shares.DKLS23.get(p)),
        two, two, 2));
  }

  private static Map<PartyId, Dkls23KeyShare> dkls23Shares() {
    byte[] sessionId = new byte[32];
    RNG.nextBytes(sessionId);
    return new LocalSimulation<>(protocols(PARTIES,
        p -> new Dkls23KeyGen(sessionId, p, PARTIES, 2))).run(RNG).results();
  }
}
