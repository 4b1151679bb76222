package io.berth.engine.api;

import io.berth.http.server.Exchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps {@code METHOD /path} to a handler. Templates use {@code {name}} for one path segment and
 * {@code {name*}} for the rest of a path that may hold slashes (image names such as
 * {@code localhost:5000/team/app:1}), as moby's {@code {name:.*}}. The {@code /vX.Y} prefix is
 * stripped before matching and becomes the request's {@link ApiVersion}.
 */
public final class Router {
  private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+\\.\\d+)(/.*)$");

  /** A route handler; may throw any exception, which the server maps to an error body. */
  @FunctionalInterface
  public interface Handler {
    void handle(ApiRequest request) throws Exception;
  }

  private record Route(String method, Pattern pattern, List<String> names, Handler handler) {}

  /** The outcome of matching a request against the routes. */
  public sealed interface Match {
    record Found(Handler handler, Map<String, String> params, ApiVersion version) implements Match {}
    record MethodNotAllowed() implements Match {}
    record NotFound() implements Match {}
  }

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String template, Handler handler) {
    var names = new ArrayList<String>();
    var regex = new StringBuilder("^");
    Matcher m = Pattern.compile("\\{(\\w+)(\\*?)}").matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append("/?$");
    routes.add(new Route(method, Pattern.compile(regex.toString()), List.copyOf(names), handler));
    return this;
  }

  /** Finds the handler for {@code exchange}; version errors throw Docker's 400 messages. */
  public Match match(Exchange exchange) {
    String path = exchange.path();
    ApiVersion version = ApiVersion.CURRENT;
    Matcher vm = VERSIONED.matcher(path);
    if (vm.matches()) {
      version = ApiVersion.parse(vm.group(1)).checkSupported();
      path = vm.group(2);
    }
    String method = exchange.method();
    boolean pathKnown = false;
    for (Route r : routes) {
      Matcher pm = r.pattern.matcher(path);
      if (!pm.matches()) continue;
      pathKnown = true;
      // HEAD is served by the GET handler (the server drops the body) unless a HEAD route exists.
      boolean methodOk = r.method.equals(method) || (method.equals("HEAD") && r.method.equals("GET"));
      if (!methodOk) continue;
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < r.names.size(); i++) params.put(r.names.get(i), pm.group(i + 1));
      return new Match.Found(r.handler, Map.copyOf(params), version);
    }
    return pathKnown ? new Match.MethodNotAllowed() : new Match.NotFound();
  }
}
