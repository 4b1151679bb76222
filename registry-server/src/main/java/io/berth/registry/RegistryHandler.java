package io.berth.registry;

import io.berth.http.Headers;
import io.berth.http.HttpStatusException;
import io.berth.http.server.Exchange;
import io.berth.http.server.Handler;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.registry.auth.Scope;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The /v2/ API: routes a request, validates the repository name, asks the {@link Authenticator},
 * refuses writes when read-only, then hands it to the route class. Every response carries
 * {@code Docker-Distribution-API-Version: registry/2.0}; every refusal is the spec's error body.
 */
public final class RegistryHandler implements Handler {
  static final String API_VERSION = "Docker-Distribution-API-Version";
  // Repository names contain '/', so each route is anchored at its end and the name is what precedes it.
  private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/?");
  private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
  private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
  private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/([^/]+)");

  private final Registry registry;
  private final Authenticator auth;
  private final ManifestRoutes manifests;
  private final BlobRoutes blobs;
  private final UploadRoutes uploads;
  private final DiscoveryRoutes discovery;
  private final io.berth.registry.web.WebPages web;

  RegistryHandler(Registry registry, Authenticator auth) {
    this.registry = registry;
    this.auth = auth;
    this.manifests = new ManifestRoutes(registry);
    this.blobs = new BlobRoutes(registry);
    this.uploads = new UploadRoutes(registry);
    this.discovery = new DiscoveryRoutes(registry);
    this.web = new io.berth.registry.web.WebPages(registry.index(), registry.blobs(), auth::checkPage);
  }

  @Override public void handle(Exchange ex) throws Exception {
    try {
      route(ex);
    } catch (RegistryException e) {
      respondError(ex, e);
    } catch (BerthException.InvalidArgument e) {
      respondError(ex, ErrorCode.BLOB_UPLOAD_INVALID.error(e.getMessage(), null));
    } catch (HttpStatusException e) {
      respondError(ex, new RegistryException(ErrorCode.UNSUPPORTED, e.status(), e.getMessage(), null));
    }
  }

  private void route(Exchange ex) throws IOException {
    String path = ex.path();
    String method = ex.method();
    if (path.equals(GcRoute.PATH)) {
      allowMethods(method, "POST");
      boolean dryRun = GcRoute.flag(ex, "dry-run");
      if (registry.config().readOnly() && !dryRun) throw readOnly();
      // Deletes across every repository: only a client that may push everywhere may ask.
      authorize(ex, List.of(Scope.repository(Scope.ALL, Scope.PULL, Scope.PUSH, Scope.DELETE)));
      GcRoute.run(ex, registry, dryRun);
      return;
    }
    if (!path.equals("/v2") && !path.startsWith("/v2/")) {
      Optional<Handler> h = auth.route(path);
      if (h.isPresent()) {
        try {
          h.get().handle(ex);
        } catch (IOException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
        return;
      }
      if (web.handles(path)) {
        web.handle(ex);
        return;
      }
      throw new RegistryException(ErrorCode.UNSUPPORTED, 404, "not found: " + path, null);
    }
    if (path.equals("/v2") || path.equals("/v2/")) {
      allowMethods(method, "GET", "HEAD");
      authorize(ex, List.of());
      ex.respond(200, headers().set("Content-Type", "application/json"), "{}".getBytes());
      return;
    }
    if (path.equals("/v2/_catalog")) {
      allowMethods(method, "GET");
      authorize(ex, List.of(Scope.catalog()));
      discovery.catalog(ex);
      return;
    }
    Matcher m;
    if ((m = MANIFEST.matcher(path)).matches()) {
      RepositoryName name = new RepositoryName(m.group(1));
      String ref = m.group(2);
      switch (method) {
        case "GET", "HEAD" -> {
          authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL)));
          manifests.get(ex, name, ref);
        }
        case "PUT" -> {
          writable(ex, name, Scope.PUSH);
          manifests.put(ex, name, ref);
        }
        case "DELETE" -> {
          writable(ex, name, Scope.DELETE);
          manifests.delete(ex, name, ref);
        }
        default -> throw notAllowed(method);
      }
    } else if ((m = UPLOADS.matcher(path)).matches()) {
      RepositoryName name = new RepositoryName(m.group(1));
      allowMethods(method, "POST");
      Optional<String> from = ex.query().get("mount").isPresent() ? ex.query().get("from") : Optional.empty();
      if (registry.config().readOnly()) throw readOnly();
      if (from.isPresent() && RepositoryName.valid(from.get())) {
        authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL, Scope.PUSH),
            Scope.repository(new RepositoryName(from.get()).value(), Scope.PULL)));
      } else {
        authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL, Scope.PUSH)));
      }
      uploads.post(ex, name);
    } else if ((m = UPLOAD.matcher(path)).matches()) {
      RepositoryName name = new RepositoryName(m.group(1));
      String id = m.group(2);
      switch (method) {
        case "GET" -> {
          authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL, Scope.PUSH)));
          uploads.status(ex, name, id);
        }
        case "PATCH" -> {
          writable(ex, name, Scope.PUSH);
          uploads.patch(ex, name, id);
        }
        case "PUT" -> {
          writable(ex, name, Scope.PUSH);
          uploads.put(ex, name, id);
        }
        case "DELETE" -> {
          writable(ex, name, Scope.PUSH);
          uploads.cancel(ex, name, id);
        }
        default -> throw notAllowed(method);
      }
    } else if ((m = BLOB.matcher(path)).matches()) {
      RepositoryName name = new RepositoryName(m.group(1));
      String digest = m.group(2);
      switch (method) {
        case "GET", "HEAD" -> {
          authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL)));
          blobs.get(ex, name, digest);
        }
        case "DELETE" -> {
          writable(ex, name, Scope.DELETE);
          blobs.delete(ex, name, digest);
        }
        default -> throw notAllowed(method);
      }
    } else if ((m = TAGS.matcher(path)).matches()) {
      RepositoryName name = new RepositoryName(m.group(1));
      allowMethods(method, "GET");
      authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL)));
      discovery.tags(ex, name);
    } else if ((m = REFERRERS.matcher(path)).matches()) {
      RepositoryName name = new RepositoryName(m.group(1));
      allowMethods(method, "GET");
      authorize(ex, List.of(Scope.repository(name.value(), Scope.PULL)));
      discovery.referrers(ex, name, m.group(2));
    } else {
      throw new RegistryException(ErrorCode.UNSUPPORTED, 404, "not found: " + path, null);
    }
  }

  private void writable(Exchange ex, RepositoryName name, String action) {
    if (registry.config().readOnly()) throw readOnly();
    authorize(ex, List.of(action.equals(Scope.PUSH) ? Scope.repository(name.value(), Scope.PULL, Scope.PUSH)
        : Scope.repository(name.value(), action)));
  }

  private void authorize(Exchange ex, List<Scope> scopes) {
    switch (auth.check(ex, scopes)) {
      case Access.Allowed a -> { }
      case Access.Refused r -> {
        RegistryException e = r.code().error(r.message(), scopes.isEmpty() ? null
            : List.of(scopes.stream().map(s -> java.util.Map.of("Type", s.type(), "Name", s.name(),
                "Action", String.join(",", new java.util.TreeSet<>(s.actions())))).toArray()));
        r.challenge().ifPresent(c -> e.with("WWW-Authenticate", c));
        throw e;
      }
    }
  }

  private static RegistryException readOnly() {
    return ErrorCode.UNSUPPORTED.error("the registry is in read-only mode", null);
  }

  private static void allowMethods(String method, String... allowed) {
    if (!List.of(allowed).contains(method)) throw notAllowed(method);
  }

  private static RegistryException notAllowed(String method) {
    return ErrorCode.UNSUPPORTED.error("method " + method + " is not supported here", null);
  }

  /** Headers every response starts with. */
  static Headers headers() {
    return Headers.of(API_VERSION, "registry/2.0");
  }

  static void respondJson(Exchange ex, int status, Headers h, Object body) throws IOException {
    h.set("Content-Type", "application/json");
    ex.respond(status, h, Json.bytes(body));
  }

  static void respondError(Exchange ex, RegistryException e) throws IOException {
    if (ex.responded()) throw new IOException("failed after responding: " + e.getMessage(), e);
    Headers h = headers();
    e.headers().forEach(h::set);
    h.set("Content-Type", "application/json; charset=utf-8");
    ex.respond(e.status(), h, Json.bytes(e.body()));
  }
}
