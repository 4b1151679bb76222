package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.Main;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.TabWriter;
import io.berth.client.ApiVersion;
import io.berth.client.DaemonUnreachableException;
import io.berth.client.EngineClient;
import io.berth.client.model.SystemVersion;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth version}: docker's layout (client block, then the server's components). The client
 * block is printed before contacting the daemon, so it appears even when none answers (exit 1).
 */
@Command(name = "version", customSynopsis = "berth version [OPTIONS]", description = "Show the Docker version information")
public final class VersionCommand extends BerthCommand {
  @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;

  private static final DateTimeFormatter ANSIC = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  @Override protected int execute(Cli cli) {
    if (format != null) return formatted(cli);
    Optional<EngineClient> client = Optional.empty();
    Optional<RuntimeException> failure = Optional.empty();
    try {
      client = Optional.of(cli.client());
    } catch (DaemonUnreachableException e) {
      failure = Optional.of(e);
    }
    ApiVersion api = client.map(EngineClient::apiVersion).orElse(ApiVersion.MAX);
    var tw = new TabWriter(20, 1);
    tw.write("Client:\n");
    tw.write(" Version:\t" + Main.VERSION + "\n");
    tw.write(" API version:\t" + api + (api.equals(ApiVersion.MAX) ? "" : " (downgraded from " + ApiVersion.MAX + ")") + "\n");
    tw.write(" Java version:\t" + Runtime.version() + "\n");
    tw.write(" OS/Arch:\t" + os() + "/" + arch() + "\n");
    tw.write(" Context:\tdefault\n");
    if (client.isPresent()) {
      SystemVersion v = client.get().version();
      tw.write("\n");
      server(tw, v);
    }
    cli.out().print(tw.render());
    if (failure.isPresent()) throw new CommandFailure(ExitCodes.FAILURE, failure.get().getMessage());
    return ExitCodes.OK;
  }

  static void server(TabWriter tw, SystemVersion v) {
    tw.write("Server:" + (v.platform().name().isEmpty() ? "" : " " + v.platform().name()) + "\n");
    var components = v.components();
    if (components.isEmpty()) {
      // daemons before API 1.35 send no components: docker synthesises the Engine one
      components = java.util.List.of(new SystemVersion.Component("Engine", v.version(), Map.of(
          "ApiVersion", v.apiVersion(), "MinAPIVersion", v.minApiVersion(), "GitCommit", v.gitCommit(),
          "GoVersion", v.goVersion(), "Os", v.os(), "Arch", v.arch(), "BuildTime", v.buildTime(),
          "Experimental", Boolean.toString(v.experimental()))));
    }
    for (SystemVersion.Component c : components) {
      tw.write(" " + c.name() + ":\n");
      Map<String, String> d = c.details();
      if (c.name().equals("Engine")) {
        tw.write("  Version:\t" + c.version() + "\n");
        tw.write("  API version:\t" + d.getOrDefault("ApiVersion", "") + " (minimum version " + d.getOrDefault("MinAPIVersion", "") + ")\n");
        tw.write("  Go version:\t" + d.getOrDefault("GoVersion", "") + "\n");
        tw.write("  Git commit:\t" + d.getOrDefault("GitCommit", "") + "\n");
        tw.write("  Built:\t" + ansic(d.getOrDefault("BuildTime", "")) + "\n");
        tw.write("  OS/Arch:\t" + d.getOrDefault("Os", "") + "/" + d.getOrDefault("Arch", "") + "\n");
        tw.write("  Experimental:\t" + d.getOrDefault("Experimental", "") + "\n");
      } else {
        tw.write("  Version:\t" + c.version() + "\n");
        new TreeMap<>(d).forEach((k, val) -> tw.write("  " + k + ":\t" + val + "\n"));
      }
    }
  }

  /** docker reformats the daemon's RFC 3339 build time as Go's ANSIC layout. */
  static String ansic(String rfc3339) {
    try {
      return ANSIC.format(OffsetDateTime.parse(rfc3339));
    } catch (Exception e) {
      return rfc3339;
    }
  }

  static String os() { return System.getProperty("os.name").toLowerCase(Locale.ROOT); }

  static String arch() {
    String a = System.getProperty("os.arch");
    return switch (a) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> a;
    };
  }

  private int formatted(Cli cli) {
    var doc = new LinkedHashMap<String, Object>();
    var client = new LinkedHashMap<String, Object>();
    doc.put("Client", client);
    client.put("Version", Main.VERSION);
    client.put("DefaultAPIVersion", ApiVersion.MAX.toString());
    client.put("Os", os());
    client.put("Arch", arch());
    client.put("Context", "default");
    String err = null;
    try {
      EngineClient c = cli.client();
      client.put("APIVersion", c.apiVersion().toString());
      client.put("ApiVersion", c.apiVersion().toString());
      var server = new LinkedHashMap<String, Object>(c.version().toJson());
      server.put("APIVersion", server.get("ApiVersion"));
      doc.put("Server", server);
    } catch (DaemonUnreachableException e) {
      client.put("APIVersion", ApiVersion.MAX.toString());
      client.put("ApiVersion", ApiVersion.MAX.toString());
      err = e.getMessage();
    }
    cli.out().println(GoTemplate.parse(format).execute(doc));
    if (err != null) throw new CommandFailure(ExitCodes.FAILURE, err);
    return ExitCodes.OK;
  }

}
