package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.EventLines;
import io.berth.cli.format.GoTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth events}: streams the daemon's events until {@code --until} (or until interrupted). */
@Command(name = "events", customSynopsis = "berth events [OPTIONS]", description = "Get real time events from the server")
public final class EventsCommand extends BerthCommand {
  @Option(names = "--since", description = "Show all events created since timestamp") String since;

  @Option(names = "--until", description = "Stream events until this timestamp") String until;

  @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Format output using a custom template: 'json' (JSON lines) or a Go template")
  String format;

  @Override protected int execute(Cli cli) {
    Optional<GoTemplate> template = template(format);
    Instant now = cli.clock().instant();
    var query = PsCommand.parseFilters("events [OPTIONS]", filters);
    cli.client().events(Optional.ofNullable(since).map(s -> timestamp(s, now)),
        Optional.ofNullable(until).map(u -> timestamp(u, now)), query, message -> {
          cli.out().println(template.isPresent() ? template.get().execute(EventLines.templateData(message))
              : EventLines.line(message, cli.clock().getZone()));
          cli.out().flush();
        });
    return ExitCodes.OK;
  }

  /** docker: "json" means {@code {{json .}}}; a template that does not parse is exit status 64. */
  static Optional<GoTemplate> template(String format) {
    if (format == null || format.isEmpty()) return Optional.empty();
    try {
      return Optional.of(GoTemplate.parse(format.equals("json") ? "{{json .}}" : format));
    } catch (io.berth.cli.template.TemplateException e) {
      throw new CommandFailure(64, "Error parsing format: " + e.getMessage());
    }
  }

  /** The docker client's own wording (without the "since" prefix {@code logs} uses). */
  private static String timestamp(String value, Instant now) {
    try {
      return TimeArgs.timestamp(value, now);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      int i = m.indexOf("failed to parse");
      throw new IllegalArgumentException(i >= 0 ? m.substring(i) : m);
    }
  }
}
