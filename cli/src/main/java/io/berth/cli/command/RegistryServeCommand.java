package io.berth.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code berth registry serve}: runs the registry in this process until SIGINT/SIGTERM. The server
 * (module registry-server, which uses Jackson) is only reached through {@link #serve}, so no other
 * command loads it.
 */
@Command(name = "serve", customSynopsis = "berth registry serve [OPTIONS]", description = "Serve an OCI distribution registry")
public final class RegistryServeCommand implements Callable<Integer> {
  @ParentCommand RegistryCommand parent;

  @Option(names = "--help", usageHelp = true, description = "Print usage") boolean help;
  @Option(names = "--addr", paramLabel = "string", description = "Address to listen on (default \"127.0.0.1:5000\")") String addr;
  @Option(names = "--root", paramLabel = "string", description = "Storage directory (default \"/var/lib/berth-registry\")") String root;
  @Option(names = "--read-only", description = "Refuse pushes and deletions") boolean readOnly;
  @Option(names = "--htpasswd", paramLabel = "string", description = "Users for basic auth (bcrypt htpasswd file)") String htpasswd;
  @Option(names = "--token-realm", paramLabel = "string", description = "Token endpoint for bearer auth (this server's /token URL)") String tokenRealm;
  @Option(names = "--token-key", paramLabel = "string", description = "PEM key that signs tokens (default: <root>/token-key.pem, made on first use)") String tokenKey;
  @Option(names = "--allow-anonymous-pull", description = "Pulls need no credentials (pushes still do)") boolean anonymousPull;
  @Option(names = "--tls-cert", paramLabel = "string", description = "TLS certificate file") String tlsCert;
  @Option(names = "--tls-key", paramLabel = "string", description = "TLS key file") String tlsKey;
  @Option(names = "--gc-interval", paramLabel = "duration", description = "Collect garbage this often while serving (e.g. 1h; default: only on POST /berth/gc)") String gcInterval;
  @Option(names = "--gc-grace", paramLabel = "duration", description = "Garbage collection keeps blobs linked or written more recently (default 1h)") String gcGrace;
  @Option(names = {"-D", "--debug"}, description = "Log every request to stderr") boolean debug;

  @Override public Integer call() {
    List<String> args = new ArrayList<>();
    add(args, "--addr", addr);
    add(args, "--root", root);
    add(args, "--htpasswd", htpasswd);
    add(args, "--token-realm", tokenRealm);
    add(args, "--token-key", tokenKey);
    if (anonymousPull) args.add("--allow-anonymous-pull");
    add(args, "--tls-cert", tlsCert);
    add(args, "--tls-key", tlsKey);
    add(args, "--gc-interval", gcInterval);
    add(args, "--gc-grace", gcGrace);
    if (readOnly) args.add("--read-only");
    if (debug) args.add("--debug");
    var cli = parent.main.cli();
    return serve(args, cli.out(), cli.err());
  }

  private static int serve(List<String> args, java.io.PrintStream out, java.io.PrintStream err) {
    return io.berth.registry.RegistryServer.run(args, out, err);
  }

  private static void add(List<String> args, String flag, String value) {
    if (value != null) {
      args.add(flag);
      args.add(value);
    }
  }
}
