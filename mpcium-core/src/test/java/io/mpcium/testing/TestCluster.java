package io.mpcium.testing;

import io.mpcium.Initiator;
import io.mpcium.KeyGenRequest;
import io.mpcium.KeyGenResult;
import io.mpcium.KeyScheme;
import io.mpcium.NodeIdentity;
import io.mpcium.PartyId;
import io.mpcium.RequestPolicy;
import io.mpcium.SignRequest;
import io.mpcium.SignatureResult;
import io.mpcium.ThresholdNode;
import io.mpcium.inmemory.InMemoryKeyStore;
import io.mpcium.inmemory.InMemoryPeerRegistry;
import io.mpcium.inmemory.InMemoryTransport;
import io.mpcium.spi.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * N nodes in one JVM on the in-memory SPI, for tests: a shared transport (optionally with a
 * fault-injecting interceptor), a shared registry, a key store per node (in memory unless a
 * factory is given), one Ed25519 initiator, and optionally {@link ManualTime} for timeouts.
 * Close it after use; it does not close the key stores.
 */
public final class TestCluster implements AutoCloseable {
  public static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
  /** The round timeout of every node unless a constructor says otherwise. */
  public static final Duration DEFAULT_ROUND_TIMEOUT = Duration.ofSeconds(10);

  private final SecureRandom rng = new SecureRandom();
  private final InMemoryTransport inMemory;
  private final ObservedTransport transport;
  private final InMemoryPeerRegistry registry = new InMemoryPeerRegistry();
  private final List<NodeIdentity> identities = new ArrayList<>();
  private final List<KeyStore> stores = new ArrayList<>();
  private final List<ThresholdNode> nodes = new ArrayList<>();
  private final Initiator initiator = Initiator.generateEd25519(rng);
  private final RequestPolicy policy =
      RequestPolicy.builder().initiator(initiator.publicKey()).build();

  public TestCluster(int n, int threshold) throws Exception {
    this(n, threshold, Optional.empty(), InMemoryTransport.FrameInterceptor.PASS_THROUGH);
  }

  public TestCluster(int n, int threshold, Optional<ManualTime> time,
      InMemoryTransport.FrameInterceptor interceptor) throws Exception {
    this(n, threshold, time, interceptor, i -> new InMemoryKeyStore());
  }

  /** A cluster whose node {@code i} keeps its shares in {@code stores.apply(i)}. */
  public TestCluster(int n, int threshold, IntFunction<? extends KeyStore> stores)
      throws Exception {
    this(n, threshold, Optional.empty(), InMemoryTransport.FrameInterceptor.PASS_THROUGH, stores);
  }

  /**
   * A cluster on {@code time} whose node {@code i} has round timeout {@code roundTimeouts.apply(i)}:
   * giving one node the shortest timeout makes it the one that notices a silent party first.
   */
  public TestCluster(int n, int threshold, ManualTime time,
      InMemoryTransport.FrameInterceptor interceptor, IntFunction<Duration> roundTimeouts)
      throws Exception {
    this(n, threshold, Optional.of(time), interceptor, i -> new InMemoryKeyStore(), roundTimeouts);
  }

  private TestCluster(int n, int threshold, Optional<ManualTime> time,
      InMemoryTransport.FrameInterceptor interceptor, IntFunction<? extends KeyStore> storeOf)
      throws Exception {
    this(n, threshold, time, interceptor, storeOf, i -> DEFAULT_ROUND_TIMEOUT);
  }

  private TestCluster(int n, int threshold, Optional<ManualTime> time,
      InMemoryTransport.FrameInterceptor interceptor, IntFunction<? extends KeyStore> storeOf,
      IntFunction<Duration> roundTimeouts) throws Exception {
    inMemory = new InMemoryTransport(interceptor);
    transport = new ObservedTransport(inMemory);
    for (int i = 0; i < n; i++) {
      NodeIdentity identity = NodeIdentity.generate(PartyId.of("node" + i), rng);
      KeyStore store = storeOf.apply(i);
      identities.add(identity);
      stores.add(store);
      nodes.add(newNode(identity, store, threshold, time, PASSPHRASE, roundTimeouts.apply(i),
          UnaryOperator.identity()));
    }
    for (ThresholdNode node : nodes) {
      node.start();
    }
  }

  public ThresholdNode newNode(NodeIdentity identity, KeyStore store, int threshold,
      Optional<ManualTime> time, char[] passphrase) {
    return newNode(identity, store, threshold, time, passphrase, UnaryOperator.identity());
  }

  /** {@link #newNode} with extra builder settings, such as a chain code. */
  public ThresholdNode newNode(NodeIdentity identity, KeyStore store, int threshold,
      Optional<ManualTime> time, char[] passphrase, UnaryOperator<ThresholdNode.Builder> extra) {
    return newNode(identity, store, threshold, time, passphrase, DEFAULT_ROUND_TIMEOUT, extra);
  }

  private ThresholdNode newNode(NodeIdentity identity, KeyStore store, int threshold,
      Optional<ManualTime> time, char[] passphrase, Duration roundTimeout,
      UnaryOperator<ThresholdNode.Builder> extra) {
    ThresholdNode.Builder builder = ThresholdNode.builder()
        .identity(identity)
        .transport(transport)
        .peerRegistry(registry)
        .keyStore(store)
        .vaultPassphrase(passphrase)
        .insecureFastVaultKdfForTesting()
        .requestPolicy(policy)
        .threshold(threshold)
        .roundTimeout(roundTimeout);
    time.ifPresent(t -> builder.clock(t).scheduler(t));
    return extra.apply(builder).build();
  }

  /**
   * Registers and starts one more node, {@code node<size>}, keeping its shares in {@code store};
   * closed with the rest.
   */
  public ThresholdNode addNode(KeyStore store, int threshold) throws Exception {
    return addNode(store, threshold, Optional.empty(), DEFAULT_ROUND_TIMEOUT);
  }

  /** {@link #addNode(KeyStore, int)} on {@code time}, with its own round timeout. */
  public ThresholdNode addNode(KeyStore store, int threshold, Optional<ManualTime> time,
      Duration roundTimeout) throws Exception {
    NodeIdentity identity = NodeIdentity.generate(PartyId.of("node" + nodes.size()), rng);
    ThresholdNode node = newNode(identity, store, threshold, time, PASSPHRASE, roundTimeout,
        UnaryOperator.identity());
    node.start();
    identities.add(identity);
    stores.add(store);
    nodes.add(node);
    return node;
  }

  public ThresholdNode node(int i) {
    return nodes.get(i);
  }

  public List<ThresholdNode> nodes() {
    return nodes;
  }

  /** Replaces node {@code i} (closed by the caller) by a restarted one, closed with the rest. */
  public void replace(int i, ThresholdNode node, KeyStore store) {
    nodes.set(i, node);
    stores.set(i, store);
  }

  public NodeIdentity identity(int i) {
    return identities.get(i);
  }

  public KeyStore store(int i) {
    return stores.get(i);
  }

  public InMemoryPeerRegistry registry() {
    return registry;
  }

  /** The cluster's transport, which can report handled frames. */
  public ObservedTransport transport() {
    return transport;
  }

  public Initiator initiator() {
    return initiator;
  }

  public RequestPolicy policy() {
    return policy;
  }

  public static PartyId party(int i) {
    return PartyId.of("node" + i);
  }

  public KeyGenRequest keygenRequest(String walletId) {
    return new KeyGenRequest(UUID.randomUUID().toString(), walletId, KeyScheme.ED25519);
  }

  public CompletableFuture<KeyGenResult> generate(int coordinator, String walletId) {
    KeyGenRequest request = keygenRequest(walletId);
    return node(coordinator).generateKey(request, initiator.sign(request.signingBytes()))
        .thenApply(results -> results.get(0));
  }

  public SignRequest signRequest(String walletId, byte[] message) {
    return new SignRequest(UUID.randomUUID().toString(), walletId, KeyScheme.ED25519, message);
  }

  public CompletableFuture<SignatureResult> sign(int coordinator, String walletId,
      byte[] message, List<PartyId> signers) {
    SignRequest request = signRequest(walletId, message);
    return node(coordinator).sign(request, initiator.sign(request.signingBytes()), signers);
  }

  @Override
  public void close() {
    nodes.forEach(ThresholdNode::close);
    transport.close();
  }
}
