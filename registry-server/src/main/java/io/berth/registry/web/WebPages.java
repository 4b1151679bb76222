package io.berth.registry.web;

import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.oci.Digest;
import io.berth.registry.Access;
import io.berth.registry.RepositoryName;
import io.berth.registry.auth.Scope;
import io.berth.registry.storage.RegistryIndex;
import io.berth.registry.storage.RepositorySummary;
import io.berth.registry.web.Views.ImageView;
import io.berth.registry.web.Views.IndexView;
import io.berth.registry.web.Views.ManifestView;
import io.berth.registry.web.Views.TagRow;
import io.berth.store.ContentStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes the web pages (outside /v2/): {@code /}, {@code /r/<repo>}, {@code /r/<repo>/t/<tag>},
 * {@code /r/<repo>/d/<digest>} and the stylesheet. Each page needs what the API would need to read
 * the same data: the catalog scope for the list, pull on the repository for the others; a refusal
 * is the authenticator's (a 401 with a Basic challenge makes browsers ask for the password).
 *
 * <p>Every page is sent with a Content-Security-Policy that allows nothing but our own stylesheet:
 * no script runs even if some user data escaped the escaping.
 */
public final class WebPages {
  public static final String STYLE_PATH = "/-/style.css";
  static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none';"
      + " frame-ancestors 'none'";
  static final int MAX_ROWS = 1000;
  private static final Pattern TAG = Pattern.compile("/r/(.+)/t/([^/]+)");
  private static final Pattern DIGEST = Pattern.compile("/r/(.+)/d/([^/]+)");
  private static final Pattern REPO = Pattern.compile("/r/(.+?)/?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,255}");

  /** Decides whether a page request may proceed, as {@code Authenticator} does for the API. */
  @FunctionalInterface
  public interface PageAccess {
    Access check(Exchange request, List<Scope> scopes);
  }

  private final RegistryIndex index;
  private final ImageReader reader;
  private final PageAccess access;

  public WebPages(RegistryIndex index, ContentStore blobs, PageAccess access) {
    this.index = index;
    this.reader = new ImageReader(index, blobs);
    this.access = access;
  }

  /** Whether {@code path} is one of ours. */
  public boolean handles(String path) {
    return path.equals("/") || path.startsWith("/r/") || path.equals(STYLE_PATH) || path.equals("/favicon.ico");
  }

  public void handle(Exchange ex) throws IOException {
    String host = host(ex);
    if (!ex.method().equals("GET") && !ex.method().equals("HEAD")) {
      Headers h = headers("text/html; charset=utf-8").set("Allow", "GET, HEAD");
      send(ex, 405, h, Pages.error(host, 405, "Method Not Allowed", "Pages are read with GET."));
      return;
    }
    String path = ex.path();
    if (path.equals(STYLE_PATH)) {
      send(ex, 200, headers("text/css; charset=utf-8").set("Cache-Control", "max-age=3600"), Style.CSS);
      return;
    }
    if (path.equals("/favicon.ico")) {
      ex.respond(404, headers("text/plain; charset=utf-8"), new byte[0]);
      return;
    }
    if (path.equals("/")) {
      if (!allowed(ex, host, List.of(Scope.catalog()))) return;
      List<RepositorySummary> repos = index.repositorySummaries(MAX_ROWS + 1);
      boolean more = repos.size() > MAX_ROWS;
      page(ex, Pages.repositories(host, more ? repos.subList(0, MAX_ROWS) : repos, more));
      return;
    }
    Matcher m;
    if ((m = TAG.matcher(path)).matches() && RepositoryName.valid(m.group(1)) && index.repositoryExists(m.group(1))) {
      String repo = m.group(1);
      if (!allowed(ex, host, pull(repo))) return;
      manifest(ex, host, repo, reader.byTag(repo, m.group(2)), "tag " + m.group(2));
    } else if ((m = DIGEST.matcher(path)).matches() && RepositoryName.valid(m.group(1)) && index.repositoryExists(m.group(1))) {
      String repo = m.group(1);
      if (!allowed(ex, host, pull(repo))) return;
      Optional<ManifestView> v = Digest.isDigest(m.group(2)) ? reader.byDigest(repo, Digest.parse(m.group(2))) : Optional.empty();
      manifest(ex, host, repo, v, "manifest " + m.group(2));
    } else if ((m = REPO.matcher(path)).matches() && RepositoryName.valid(m.group(1))) {
      String repo = m.group(1);
      // Checked before existence, so that without rights nobody learns which repositories exist.
      if (!allowed(ex, host, pull(repo))) return;
      if (!index.repositoryExists(repo)) {
        notFound(ex, host, "No repository " + repo + ".");
        return;
      }
      List<TagRow> tags = reader.tags(repo, MAX_ROWS + 1);
      boolean more = tags.size() > MAX_ROWS;
      page(ex, Pages.tags(host, repo, more ? tags.subList(0, MAX_ROWS) : tags, more));
    } else {
      notFound(ex, host, "No such page.");
    }
  }

  private void manifest(Exchange ex, String host, String repo, Optional<ManifestView> v, String what) throws IOException {
    switch (v.orElse(null)) {
      case null -> notFound(ex, host, "No " + what + " in " + repo + ".");
      case ImageView i -> page(ex, Pages.image(host, i));
      case IndexView i -> page(ex, Pages.index(host, i));
    }
  }

  private static List<Scope> pull(String repo) {
    return List.of(Scope.repository(repo, Scope.PULL));
  }

  private boolean allowed(Exchange ex, String host, List<Scope> scopes) throws IOException {
    switch (access.check(ex, scopes)) {
      case Access.Allowed a -> {
        return true;
      }
      case Access.Refused r -> {
        int status = r.code().status();
        Headers h = headers("text/html; charset=utf-8");
        r.challenge().ifPresent(c -> h.set("WWW-Authenticate", c));
        send(ex, status, h, Pages.error(host, status, status == 401 ? "Unauthorized" : "Forbidden", r.message()));
        return false;
      }
    }
  }

  private static void notFound(Exchange ex, String host, String message) throws IOException {
    send(ex, 404, headers("text/html; charset=utf-8"), Pages.error(host, 404, "Not Found", message));
  }

  private static void page(Exchange ex, String html) throws IOException {
    send(ex, 200, headers("text/html; charset=utf-8"), html);
  }

  private static void send(Exchange ex, int status, Headers h, String body) throws IOException {
    ex.respond(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Security headers every response of ours carries. */
  static Headers headers(String contentType) {
    return Headers.of("Content-Type", contentType, "Content-Security-Policy", CSP, "X-Content-Type-Options", "nosniff",
        "X-Frame-Options", "DENY", "Referrer-Policy", "no-referrer", "Cache-Control", "no-store");
  }

  /** The host clients pull from: the request's Host when it looks like one, else {@code localhost}. */
  static String host(Exchange ex) {
    return ex.headers().first("Host").map(String::strip).filter(h -> HOST.matcher(h).matches()).orElse("localhost");
  }
}
