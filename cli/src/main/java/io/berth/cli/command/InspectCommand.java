package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.GoJson;
import io.berth.cli.format.GoTemplate;
import io.berth.cli.format.InspectSchemas;
import io.berth.cli.template.Schema;
import io.berth.cli.template.TemplateException;
import io.berth.client.json.JsonWriter;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth inspect}: like docker, tries a container first and, on 404, an image; prints a JSON
 * array (Go's 4-space indentation) or one {@code --format} line per object.
 */
@Command(name = "inspect", customSynopsis = "berth inspect [OPTIONS] NAME|ID [NAME|ID...]",
    description = "Return low-level information on Docker objects")
public final class InspectCommand extends BerthCommand {
  @Option(names = {"-f", "--format"}, description = "Format output using a custom template") String format;

  @Option(names = "--type", description = "Only inspect objects of the given type (container, image)") String type;

  @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container") boolean size;

  @Parameters(arity = "1..*", paramLabel = "NAME|ID") List<String> names;

  /** {@code container inspect}: containers only. */
  public static InspectCommand containersOnly() {
    var c = new InspectCommand();
    c.type = "container";
    return c;
  }

  @Override protected int execute(Cli cli) {
    if (type != null && !type.equals("container") && !type.equals("image")) {
      throw new IllegalArgumentException("\"" + type + "\" is not a valid value for --type");
    }
    Optional<GoTemplate> template = template(format);
    EngineClient client = cli.client();
    var found = new ArrayList<Map<String, Object>>();
    var schemas = new ArrayList<Schema>();
    var errors = new ArrayList<String>();
    for (String name : names) {
      Optional<Map<String, Object>> doc = find(client, name, errors);
      doc.ifPresent(d -> {
        found.add(d);
        schemas.add(d.containsKey("RepoTags") ? InspectSchemas.IMAGE : InspectSchemas.CONTAINER);
      });
    }
    cli.out().print(output(template, found, schemas, errors));
    if (!errors.isEmpty()) {
      throw new CommandFailure(ExitCodes.FAILURE, String.join("\n", errors));
    }
    return ExitCodes.OK;
  }

  /** What inspect prints for the documents found; template failures are added to {@code errors}. */
  String output(Optional<GoTemplate> template, List<Map<String, Object>> found, List<Schema> schemas, List<String> errors) {
    if (template.isPresent()) {
      var out = new StringBuilder();
      for (int i = 0; i < found.size(); i++) {
        try {
          out.append(template.get().execute(found.get(i), schemas.get(i))).append('\n');
        } catch (TemplateException e) {
          errors.add("template parsing error: " + e.getMessage());
        }
      }
      // docker's TemplateInspector.Flush: an empty buffer still prints a newline
      return out.isEmpty() ? "\n" : out.toString();
    }
    if ("json".equals(format)) return JsonWriter.write(found) + "\n";
    return GoJson.indent(found) + "\n";
  }

  /** As {@link #execute} without a daemon: {@code docs} are the documents the names resolved to. */
  public String[] outputFor(List<Map<String, Object>> docs) {
    return outputFor(format, docs, d -> d.containsKey("RepoTags") ? InspectSchemas.IMAGE : InspectSchemas.CONTAINER);
  }

  /** The {@code -f} template: none for an empty format or {@code json}; a bad one is docker's status 64. */
  static Optional<GoTemplate> template(String format) {
    try {
      return Optional.ofNullable(format).filter(f -> !f.isEmpty() && !f.equals("json")).map(GoTemplate::parse);
    } catch (TemplateException e) {
      throw new CommandFailure(64, "template parsing error: " + e.getMessage());
    }
  }

  /**
   * What an inspect command with {@code format} prints for {@code docs} (each with its schema), for
   * tests: stdout, stderr and the exit status.
   */
  static String[] outputFor(String format, List<Map<String, Object>> docs, Function<Map<String, Object>, Schema> schema) {
    Optional<GoTemplate> template;
    try {
      template = template(format);
    } catch (CommandFailure e) {
      return new String[] {"", e.getMessage() + "\n", Integer.toString(e.exitCode())};
    }
    var printer = new InspectCommand();
    printer.format = format;
    var errors = new ArrayList<String>();
    String out = printer.output(template, docs, docs.stream().map(schema).toList(), errors);
    return new String[] {out, errors.isEmpty() ? "" : String.join("\n", errors) + "\n", errors.isEmpty() ? "0" : "1"};
  }

  private Optional<Map<String, Object>> find(EngineClient client, String name, List<String> errors) {
    try {
      if (type == null || type.equals("container")) {
        try {
          return Optional.of(client.inspectContainerDocument(name, size));
        } catch (EngineException e) {
          // with --type (and in `container inspect`) docker reports the daemon's own error
          if (!e.isNotFound() || "container".equals(type)) throw e;
        }
      }
      try {
        return Optional.of(client.inspectImageDocument(name));
      } catch (EngineException e) {
        if (!e.isNotFound() || type != null) throw e;
        errors.add("Error: No such object: " + name);
        return Optional.empty();
      }
    } catch (EngineException e) {
      errors.add("Error response from daemon: " + e.getMessage());
      return Optional.empty();
    }
  }
}
