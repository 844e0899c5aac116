package io.mpcium.examples;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.mpcium.PartyId;
import io.mpcium.registry.consul.ConsulPeerRegistry;
import io.mpcium.registry.consul.ConsulTls;
import io.mpcium.spi.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code peers}: the cluster's node names and ids, in a peers file and in Consul. */
@Command(name = "peers", mixinStandardHelpOptions = true,
    description = "The cluster's node names and ids: the peers file and Consul's mpc_peers/.",
    subcommands = {PeersCommand.Generate.class, PeersCommand.Register.class})
final class PeersCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /**
   * {@code peers generate}: Mpcium's {@code generate-peers}. Writes {@code {"node0":"<uuid>",
   * ...}} (Go's indented JSON, mode 0600) and refuses to overwrite. Exit code 0 when written, 1
   * when the file exists, 2 for a bad command line.
   */
  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = "Write a peers file {\"node0\":\"<uuid>\",...} (Mpcium's generate-peers); "
          + "never overwrites.")
  static final class Generate implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-n", "--number"}, required = true, description = "Number of nodes.")
    int number;

    @Option(names = {"-o", "--output"}, defaultValue = "peers.json",
        description = "Output file (default ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
      CommandLine cli = spec.commandLine();
      if (number < 1) {
        throw new CommandLine.ParameterException(cli, "--number must be at least 1");
      }
      if (Files.exists(output)) {
        cli.getErr().println("peers generate: " + output + " exists; not overwriting it");
        return 1;
      }
      Map<String, String> peers = new java.util.TreeMap<>();
      for (int i = 0; i < number; i++) {
        peers.put("node" + i, java.util.UUID.randomUUID().toString());
      }
      try {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        io.mpcium.examples.keys.MpciumKeyFiles.writePrivate(output,
            io.mpcium.examples.keys.MpciumKeyFiles.goIndentedJson(peers)
                .getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        cli.getErr().println("peers generate: " + e.getMessage());
        return 1;
      }
      cli.getOut().println("wrote " + output + " with " + number + " nodes");
      return 0;
    }
  }

  /**
   * {@code peers register}: Mpcium's {@code register-peers}. Reads {@code {"<name>":"<node
   * id>",...}} and writes {@code mpc_peers/<name>} = id for each name not registered yet; refuses
   * the whole file, writing nothing, if a name already belongs to a different id (or an id to a
   * different name). Exit code 0 when every name is registered as the file says, 1 when refused
   * or Consul failed, 2 for a bad command line or file.
   */
  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register node names and ids from a peers file in Consul (Mpcium's "
          + "register-peers); a name that already belongs to a different id is refused.")
  static final class Register implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--peers"}, defaultValue = "peers.json",
        description = "Peers file {\"<name>\":\"<node id>\",...} (default ${DEFAULT-VALUE}).")
    Path peersFile;

    @Option(names = "--consul", defaultValue = "${env:CONSUL_HTTP_ADDR:-localhost:8500}",
        description = "Consul agent: host:port or http(s)://host:port (default "
            + "$CONSUL_HTTP_ADDR, else localhost:8500).")
    String address;

    @Option(names = "--consul-token-file",
        description = "File holding the ACL token (default: $CONSUL_HTTP_TOKEN, if set).")
    Path tokenFile;

    @Option(names = "--consul-ca", defaultValue = "${env:CONSUL_CACERT}",
        description = "PEM file of the CA that signed the agent's certificate (enables HTTPS; "
            + "default $CONSUL_CACERT).")
    Path caFile;

    @Option(names = "--key-prefix", defaultValue = "",
        description = "Prefix of every key, such as cluster-a/ (default: none, as Mpcium).")
    String keyPrefix;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Map<PartyId, String> peers;
      ConsulPeerRegistry.Builder builder;
      try {
        peers = readPeers(peersFile);
        builder = ConsulPeerRegistry.builder().address(address).keyPrefix(keyPrefix);
        String token = token();
        if (token != null) {
          builder.token(token);
        }
        if (caFile != null) {
          builder.sslContext(ConsulTls.trusting(caFile));
        }
      } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
        err.println("peers register: " + e.getMessage());
        return 2;
      }
      try (ConsulPeerRegistry registry = builder.build()) {
        Set<PartyId> added = registry.registerPeers(peers);
        peers.forEach((name, id) -> out.println((added.contains(name) ? "registered "
            : "already registered ") + name + " = " + id));
        return 0;
      } catch (RegistryException | IllegalArgumentException e) {
        err.println("peers register: " + e.getMessage());
        return 1;
      }
    }

    private String token() throws IOException {
      if (tokenFile != null) {
        String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
          throw new IllegalArgumentException("the token file " + tokenFile + " is empty");
        }
        return token;
      }
      String fromEnv = System.getenv("CONSUL_HTTP_TOKEN");
      return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }

    static Map<PartyId, String> readPeers(Path file) throws IOException {
      JsonElement json;
      try {
        json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      } catch (JsonParseException e) {
        throw new IllegalArgumentException(file + " is not JSON");
      }
      if (!json.isJsonObject() || json.getAsJsonObject().isEmpty()) {
        throw new IllegalArgumentException(file + " must be a JSON object "
            + "{\"<name>\":\"<node id>\",...} with at least one peer");
      }
      Map<PartyId, String> peers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> entry : json.getAsJsonObject().entrySet()) {
        JsonElement id = entry.getValue();
        if (!id.isJsonPrimitive() || !id.getAsJsonPrimitive().isString()) {
          throw new IllegalArgumentException(file + ": the id of " + entry.getKey()
              + " is not a string");
        }
        peers.put(PartyId.of(entry.getKey()), id.getAsString());
      }
      return peers;
    }
  }
}
