package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.format.Units;
import io.berth.cli.template.RowContext;
import io.berth.client.model.SearchResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth search TERM}: {@code GET /images/search} and docker's table (NAME, DESCRIPTION, STARS, OFFICIAL). */
@Command(name = "search", customSynopsis = "berth search [OPTIONS] TERM", description = "Search Docker Hub for images")
public final class SearchCommand extends BerthCommand {
  static final String DEFAULT_FORMAT = "table {{.Name}}\t{{.Description}}\t{{.StarCount}}\t{{.IsOfficial}}";
  static final Map<String, String> HEADERS = Map.of("Name", "NAME", "Description", "DESCRIPTION",
      "StarCount", "STARS", "IsOfficial", "OFFICIAL");

  @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided") List<String> filters = new ArrayList<>();

  @Option(names = "--format", description = "Pretty-print search using a Go template") String format;

  @Option(names = "--limit", description = "Max number of search results") int limit;

  @Option(names = "--no-trunc", description = "Don't truncate output") boolean noTrunc;

  @Parameters(index = "0", paramLabel = "TERM") String term;

  @Override protected int execute(Cli cli) {
    Map<String, List<String>> f = new LinkedHashMap<>();
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("bad format of filter (expected name=value)");
      f.computeIfAbsent(filter.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
          .add(filter.substring(eq + 1).strip());
    }
    if (f.containsKey("is-automated")) {
      cli.err().println("WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.");
    }
    String auth = cli.credentials().headerFor(indexName(term));
    List<SearchResult> results = cli.client().searchImages(term, limit, f, auth);
    cli.out().print(output(results));
    return ExitCodes.OK;
  }

  /** docker's {@code splitReposSearchTerm}: the registry a search term names (docker.io unless it starts with a host). */
  static String indexName(String term) {
    int slash = term.indexOf('/');
    if (slash < 0) return "docker.io";
    String first = term.substring(0, slash);
    if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) return "docker.io";
    return first.equals("index.docker.io") ? "docker.io" : first;
  }

  String output(List<SearchResult> results) {
    String fmt = format == null || format.isEmpty() || format.equals("table") ? DEFAULT_FORMAT
        : format.equals("json") ? "{{json .}}" : format;
    boolean json = fmt.equals("{{json .}}");
    List<RowContext> rows = new ArrayList<>();
    for (SearchResult r : results) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("Name", r.name());
      String desc = r.description().replace("\n", " ").replace("\r", " ");
      n.put("Description", noTrunc ? desc : Units.ellipsis(desc, 45));
      n.put("StarCount", Integer.toString(r.starCount()));
      n.put("IsOfficial", r.official() ? (json ? "true" : "[OK]") : (json ? "false" : ""));
      rows.add(RowContext.row("*registry.searchContext", n, null));
    }
    return PsCommand.render(fmt, HEADERS, rows);
  }
}
