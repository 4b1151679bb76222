package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.compose.converge.Planner;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth compose exec SERVICE COMMAND}: {@code berth exec} in the service's container
 * {@code --index}; stdin is attached and, as in Compose, a TTY allocated when stdin is one (unless {@code -T}).
 */
@Command(name = "exec", customSynopsis = "berth compose exec [OPTIONS] SERVICE COMMAND [ARGS...]", description = "Execute a command in a running container")
final class ExecCommand extends ComposeSubcommand {
  @Option(names = {"-d", "--detach"}, description = "Detached mode: Run command in the background") boolean detach;
  @Option(names = {"-e", "--env"}, paramLabel = "stringArray", description = "Set environment variables") List<String> env = new ArrayList<>();
  @Option(names = "--index", paramLabel = "int", description = "Index of the container if service has multiple replicas") int index = 1;
  @Option(names = {"-T", "--no-TTY"}, description = "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.") boolean noTty;
  @Option(names = "--privileged", description = "Give extended privileges to the process") boolean privileged;
  @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Run the command as this user") String user;
  @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Path to workdir directory for this command") String workdir;
  @Parameters(index = "0", paramLabel = "SERVICE") String service;
  @Parameters(index = "1..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();

  @Override protected int execute(Cli cli) {
    var p = project(cli);
    var c = Delegate.container(cli, engine(cli), p, service, index, false);
    var args = new ArrayList<String>(List.of("exec"));
    if (detach) args.add("-d");
    else args.add("-i");
    if (!noTty && !detach && cli.stdinIsTerminal()) args.add("-t");
    for (String e : env) args.addAll(List.of("-e", e));
    if (privileged) args.add("--privileged");
    if (user != null) args.addAll(List.of("-u", user));
    if (workdir != null) args.addAll(List.of("-w", workdir));
    args.add(Planner.name(c));
    args.addAll(command);
    return Delegate.berth(cli, args);
  }
}
