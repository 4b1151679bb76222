package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.client.model.ContainerConfig;
import io.berth.client.model.ContainerCreateRequest;
import io.berth.compose.ComposeException;
import io.berth.compose.converge.ConfigHash;
import io.berth.compose.converge.ContainerSpec;
import io.berth.compose.converge.Converger;
import io.berth.compose.converge.UpOptions;
import io.berth.compose.model.Project;
import io.berth.compose.model.Service;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth compose run SERVICE [COMMAND]}: a one-off container of the service (label
 * {@code oneoff=True}, name {@code <project>-<service>-run-<hex>}), its dependencies brought up
 * first unless {@code --no-deps}; ports published only with {@code --service-ports}.
 */
@Command(name = "run", customSynopsis = "berth compose run [OPTIONS] SERVICE [COMMAND] [ARGS...]", description = "Run a one-off command on a service")
final class RunCommand extends ComposeSubcommand {
  @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID") boolean detach;
  @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables") List<String> env = new ArrayList<>();
  @Option(names = "--entrypoint", paramLabel = "string", description = "Override the entrypoint of the image") String entrypoint;
  @Option(names = "--name", paramLabel = "string", description = "Assign a name to the container") String name;
  @Option(names = "--no-deps", description = "Don't start linked services") boolean noDeps;
  @Option(names = "--rm", description = "Automatically remove the container when it exits") boolean rm;
  @Option(names = "--service-ports", description = "Run command with all service's ports enabled and mapped to the host") boolean servicePorts;
  @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation (default: auto-detected)") boolean noTty;
  @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Run as specified username or uid") String user;
  @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container") String workdir;
  @Parameters(index = "0", paramLabel = "SERVICE") String service;
  @Parameters(index = "1..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    Project p = project(cli);
    Service s = p.service(service).orElseThrow(() -> new ComposeException("no such service: " + service));
    var engine = engine(cli);
    var progress = progress(cli);
    if (!noDeps && !s.dependsOn().isEmpty()) {
      var deps = new ArrayList<>(Converger.select(p, List.of(service), true).keySet());
      deps.remove(service);
      new Converger(engine, progress).up(p, UpOptions.defaults().withServices(deps));
    }
    String imageId = new Converger(engine, progress).prepare(p, s, false);
    byte[] rand = new byte[6];
    new SecureRandom().nextBytes(rand);
    String containerName = name != null ? name : p.name() + "-" + service + "-run-" + HexFormat.of().formatHex(rand);
    var spec = ContainerSpec.of(p, s, 1, true, ConfigHash.of(s, imageId), imageId, Map.of(), servicePorts);
    boolean tty = !noTty && !detach && cli.stdinIsTerminal();
    var c = spec.request().config();
    var envList = new ArrayList<>(c.env());
    envList.addAll(env);
    var config = new ContainerConfig(c.hostname(), c.domainname(), user != null ? user : c.user(), !detach, !detach,
        !detach, c.exposedPorts(), tty, !detach, !detach, envList, command.isEmpty() ? c.cmd() : command, c.image(),
        c.volumes(), workdir != null ? workdir : c.workingDir(),
        entrypoint != null ? List.of(entrypoint) : c.entrypoint(), c.labels(), c.stopSignal(), c.stopTimeout(),
        c.healthcheck());
    var host = spec.request().hostConfig().withAutoRemove(rm);
    String id = engine.create(containerName, new ContainerCreateRequest(config, host, spec.request().networkingConfig()));
    spec.extraNetworks().forEach((net, ep) -> engine.connect(net, id, ep));
    if (detach) {
      engine.start(id);
      cli.out().println(containerName);
      return 0;
    }
    return Delegate.berth(cli, List.of("start", "-a", "-i", containerName));
  }
}
