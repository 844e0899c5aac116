package io.mpcium.protocol.dkls23;

import io.mpcium.PartyId;
import io.mpcium.crypto.GroupElement;
import io.mpcium.crypto.Scalar;
import io.mpcium.crypto.secp256k1.Secp256k1Group;
import io.mpcium.internal.codec.ByteReader;
import io.mpcium.internal.codec.ByteWriter;
import io.mpcium.internal.codec.MalformedMessageException;
import io.mpcium.protocol.ThresholdKeyShare;
import io.mpcium.protocol.dkg.KeyShare;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One party's share of a DKLs23 threshold ECDSA key over secp256k1: the Shamir share and public
 * data of the shared DKG ({@link KeyShare}), the key's session id (bound into every signing
 * hash), the long-term pairwise setup with every other participant (base-OT outputs for both
 * OT-extension roles, zero-sharing seed) and the set of counterparties banned for this key.
 *
 * <p><b>Format</b> (version 1, big-endian, length-prefixed as {@link ByteWriter} writes):
 * {@code "MPDK" ‖ u8 version ‖ string scheme ‖ bytes keyId ‖ bytes KeyShare ‖ u32 count ‖
 * count × (string party ‖ pairwise setup, 24,640 bytes) ‖ strings banned}. {@link #decode}
 * validates everything: magic, version, scheme, the embedded share (secret share matches its
 * verifying share), exactly one pairwise setup per other participant in order, and bans among
 * the other participants.
 *
 * <p>Secrets are redacted in {@link #toString()} and wiped by {@link #destroy()} (which also
 * wipes every copy made by {@link #withBanned}, since they share the secrets). Immutable apart
 * from destruction; thread-safe.
 */
public final class Dkls23KeyShare implements ThresholdKeyShare {
  /** The scheme name in the encoding. */
  public static final String SCHEME = "dkls23-secp256k1";
  private static final byte[] MAGIC = "MPDK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_PARTIES = 256;

  private final KeyShare share;
  private final byte[] keyId;
  private final SortedMap<PartyId, PairwiseSetup> pairwise;
  private final SortedSet<PartyId> banned;
  private volatile Scalar[] gadget;

  Dkls23KeyShare(KeyShare share, byte[] keyId, Map<PartyId, PairwiseSetup> pairwise,
      Collection<PartyId> banned) {
    this.share = Objects.requireNonNull(share, "share");
    if (!share.group().name().equals(Secp256k1Group.INSTANCE.name())) {
      throw new IllegalArgumentException("a DKLs23 key share is over secp256k1");
    }
    this.keyId = keyId.clone();
    this.pairwise = Collections.unmodifiableSortedMap(new TreeMap<>(pairwise));
    this.banned = Collections.unmodifiableSortedSet(new TreeSet<>(banned));
    TreeSet<PartyId> others = new TreeSet<>(share.participants());
    others.remove(share.self());
    if (!this.pairwise.keySet().equals(others)) {
      throw new IllegalArgumentException("pairwise setup must be present for every other "
          + "participant and no one else");
    }
    if (!others.containsAll(this.banned)) {
      throw new IllegalArgumentException("only other participants can be banned");
    }
  }

  @Override
  public List<PartyId> participants() {
    return share.participants();
  }

  @Override
  public int threshold() {
    return share.threshold();
  }

  @Override
  public PartyId self() {
    return share.self();
  }

  @Override
  public GroupElement publicKey() {
    return share.publicKey();
  }

  /** The counterparties banned for this key (they failed an OT or multiplication check). */
  @Override
  public Set<PartyId> banned() {
    return banned;
  }

  /**
   * This share with {@code more} added to the ban set; shares the secrets with this object.
   *
   * @throws IllegalArgumentException if a party is not another participant of this key
   */
  @Override
  public Dkls23KeyShare withBanned(Collection<PartyId> more) {
    TreeSet<PartyId> all = new TreeSet<>(banned);
    all.addAll(more);
    return new Dkls23KeyShare(share, keyId, pairwise, all);
  }

  /**
   * Moves this share to the child key {@code X + t·G} for a public tweak {@code t} (HD
   * derivation): returns a share with the Shamir share tweaked as {@link KeyShare#tweak} does and
   * the same key id, pairwise setup and bans, which it takes over; this object's Shamir share is
   * wiped, and it must not be used or destroyed afterwards. Destroy the returned share.
   *
   * @throws IllegalArgumentException if the tweaked public key is the identity (this share is
   *     then left as it was)
   */
  public Dkls23KeyShare moveToChild(Scalar t) {
    Dkls23KeyShare child = new Dkls23KeyShare(share.tweak(t), keyId, pairwise, banned);
    share.destroy();
    return child;
  }

  /** The DKG session id this key was generated under; bound into every signing hash. */
  byte[] keyId() {
    return keyId.clone();
  }

  KeyShare keyShare() {
    return share;
  }

  PairwiseSetup pairwise(PartyId other) {
    PairwiseSetup setup = pairwise.get(other);
    if (setup == null) {
      throw new IllegalArgumentException(other + " is not another participant of this key");
    }
    return setup;
  }

  /** The public multiplication gadget of this key (derived from the key id, cached). */
  Scalar[] gadget() {
    Scalar[] g = gadget;
    if (g == null) {
      g = Multiplication.gadget(share.group().scalarField(), keyId);
      gadget = g;
    }
    return g;
  }

  @Override
  public byte[] encode() {
    ByteWriter out = new ByteWriter(1024 + pairwise.size() * (PairwiseSetup.ENCODED_BYTES + 64))
        .raw(MAGIC).u8(VERSION).string(SCHEME).bytes(keyId).bytes(share.encode())
        .u32(pairwise.size());
    for (Map.Entry<PartyId, PairwiseSetup> entry : pairwise.entrySet()) {
      byte[] material = entry.getValue().encode();
      out.string(entry.getKey().value()).raw(material);
      Arrays.fill(material, (byte) 0);
    }
    return out.strings(banned.stream().map(PartyId::value).toList()).toByteArray();
  }

  /** Decodes and validates {@link #encode()}'s output. */
  public static Dkls23KeyShare decode(byte[] encoded) throws MalformedMessageException {
    ByteReader in = new ByteReader(encoded);
    if (!Arrays.equals(in.raw(MAGIC.length), MAGIC)) {
      throw new MalformedMessageException("not a DKLs23 key share");
    }
    int version = in.u8();
    if (version != VERSION) {
      throw new MalformedMessageException("unsupported DKLs23 key share version " + version);
    }
    String scheme = in.string(64);
    if (!scheme.equals(SCHEME)) {
      throw new MalformedMessageException("key share is for scheme " + scheme + ", not "
          + SCHEME);
    }
    byte[] keyId = in.bytes(256);
    KeyShare share = KeyShare.decode(Secp256k1Group.INSTANCE, in.bytes(1 << 20));
    int count = in.u32();
    if (count < 0 || count >= MAX_PARTIES) {
      throw new MalformedMessageException("invalid number of pairwise setups");
    }
    SortedMap<PartyId, PairwiseSetup> pairwise = new TreeMap<>();
    try {
      for (int i = 0; i < count; i++) {
        PartyId party = PartyId.of(in.string(64));
        byte[] material = in.raw(PairwiseSetup.ENCODED_BYTES);
        if (pairwise.put(party, PairwiseSetup.decode(material)) != null) {
          throw new MalformedMessageException("pairwise setup for " + party + " appears twice");
        }
        Arrays.fill(material, (byte) 0);
      }
      List<PartyId> banned = in.strings(MAX_PARTIES, 64).stream().map(PartyId::of).toList();
      in.end();
      return new Dkls23KeyShare(share, keyId, pairwise, banned);
    } catch (IllegalArgumentException e) {
      pairwise.values().forEach(PairwiseSetup::destroy);
      share.destroy();
      throw new MalformedMessageException("invalid DKLs23 key share: " + e.getMessage());
    }
  }

  @Override
  public void destroy() {
    share.destroy();
    pairwise.values().forEach(PairwiseSetup::destroy);
  }

  @Override
  public String toString() {
    return "Dkls23KeyShare[" + self() + " of " + participants() + ", threshold " + threshold()
        + ", publicKey=" + HexFormat.of().formatHex(publicKey().encode()) + ", banned=" + banned
        + ", secrets=<redacted>]";
  }
}
