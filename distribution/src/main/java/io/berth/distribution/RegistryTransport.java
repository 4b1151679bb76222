package io.berth.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.http.tls.TlsContexts;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The HTTP side of one registry host: the scheme (found by pinging {@code /v2/}), the auth
 * challenge the ping answered, and the credentials to meet it — none, basic, or bearer tokens from
 * the challenge's realm, cached per scope until they expire. A request answered 401 learns the new
 * challenge (e.g. {@code insufficient_scope}) and is sent once more.
 *
 * <p>Thread-safety: safe for concurrent requests (parallel layer downloads share one transport).
 */
public final class RegistryTransport {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient SECURE = client(Optional.empty());
  private static final HttpClient INSECURE = client(Optional.of(trustAll(Optional.empty())));
  /**
   * Clients for registries with certs.d material, by what they verify and present. Kept (an
   * HttpClient owns a selector thread and a connection pool); a new entry appears only when a
   * directory's content changes.
   */
  private static final Map<TlsKey, HttpClient> WITH_CERTS = new ConcurrentHashMap<>();

  private record TlsKey(boolean verify, RegistryCerts.Material material) {}
  /** Tokens are renewed this long before they expire, so one is never sent as it lapses. */
  private static final Duration EARLY = Duration.ofSeconds(5);

  private final HttpClient http;
  private final URI base;
  private final String host;
  private final RegistryCredentials credentials;
  private volatile Optional<AuthChallenge> challenge;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  private record Token(String value, Instant expires) {}

  private RegistryTransport(HttpClient http, URI base, String host, RegistryCredentials credentials,
      Optional<AuthChallenge> challenge) {
    this.http = http;
    this.base = base;
    this.host = host;
    this.credentials = credentials;
    this.challenge = challenge;
  }

  /**
   * Pings {@code host}'s {@code /v2/} to learn its scheme and auth challenge. An insecure registry
   * is tried over HTTPS (certificates not checked) and then over HTTP, as Docker does.
   */
  public static RegistryTransport connect(String host, RegistryHosts hosts, RegistryCredentials credentials) {
    RegistryHosts.Mode mode = hosts.mode(host);
    RegistryCerts.Material material = mode == RegistryHosts.Mode.HTTP ? new RegistryCerts.Material(List.of(), List.of())
        : hosts.certs().forHost(host);
    return switch (mode) {
      case HTTP -> ping(INSECURE, RegistryHosts.base("http", host), host, credentials);
      case HTTPS -> ping(https(true, material), RegistryHosts.base("https", host), host, credentials);
      case INSECURE_HTTPS_THEN_HTTP -> {
        try {
          yield ping(https(false, material), RegistryHosts.base("https", host), host, credentials);
        } catch (BerthException.Unavailable httpsFailed) {
          yield ping(INSECURE, RegistryHosts.base("http", host), host, credentials);
        }
      }
    };
  }

  private static RegistryTransport ping(HttpClient http, URI base, String host, RegistryCredentials credentials) {
    URI uri = base.resolve("/v2/");
    HttpResponse<byte[]> r = exchange(http, HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    Optional<AuthChallenge> c = Optional.empty();
    if (r.statusCode() == 401) {
      c = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
    } else if (r.statusCode() != 200) {
      throw new BerthException.Unavailable("Get \"" + uri + "\": unexpected status " + r.statusCode()
          + " (is " + host + " a registry?)", null);
    }
    return new RegistryTransport(http, base, host, credentials, c);
  }

  public URI base() { return base; }

  public String host() { return host; }

  public Optional<AuthChallenge> challenge() { return challenge; }

  /**
   * Sends the request {@code request} builds (called again for the retry after a 401, so a body
   * publisher is made afresh) with the credentials for {@code scope} (space-separated scopes,
   * {@code repository:NAME:pull,push}).
   */
  public <T> HttpResponse<T> send(Supplier<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler,
      String scope) {
    HttpResponse<T> r = exchange(http, authorize(request.get(), scope, false), handler);
    if (r.statusCode() != 401) return r;
    Optional<AuthChallenge> fresh = AuthChallenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
    if (fresh.isEmpty()) return r;
    discard(r);
    challenge = fresh;
    tokens.remove(scope);
    return exchange(http, authorize(request.get(), scope, true), handler);
  }

  /** Checks the credentials against the registry (for {@code POST /auth}): a token, or an authorized {@code /v2/}. */
  public void login() {
    HttpResponse<byte[]> r = send(() -> HttpRequest.newBuilder(base.resolve("/v2/")).GET(),
        HttpResponse.BodyHandlers.ofByteArray(), "");
    if (r.statusCode() == 401) throw new BerthException.Unauthorized("unauthorized: incorrect username or password");
    if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body(), "login");
  }

  private HttpRequest authorize(HttpRequest.Builder b, String scope, boolean retry) {
    b.setHeader("User-Agent", "berth/" + io.berth.oci.BerthVersion.VERSION);
    Optional<AuthChallenge> c = challenge;
    if (c.isPresent() && c.get().isBasic() && credentials instanceof RegistryCredentials.Basic basic) {
      b.setHeader("Authorization", basicHeader(basic));
    } else if (c.isPresent() && c.get().isBearer()) {
      b.setHeader("Authorization", "Bearer " + token(c.get(), scope, retry));
    }
    return b.build();
  }

  private String token(AuthChallenge c, String scope, boolean retry) {
    Token t = tokens.get(scope);
    if (t != null && !retry && Instant.now().plus(EARLY).isBefore(t.expires())) return t.value();
    Token fresh = fetchToken(c, scope);
    tokens.put(scope, fresh);
    return fresh.value();
  }

  /** The token endpoint ({@code realm}): GET with basic credentials, or POST the identity token (OAuth2). */
  private Token fetchToken(AuthChallenge c, String scope) {
    String realm = c.param("realm").orElseThrow(() -> new BerthException.Unavailable(
        "registry " + host + " asks for a bearer token but names no realm", null));
    StringBuilder q = new StringBuilder();
    c.param("service").ifPresent(s -> q.append("service=").append(enc(s)));
    String scopes = scope.isBlank() ? c.param("scope").orElse("") : scope;
    for (String s : scopes.split(" ")) {
      if (!s.isBlank()) q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(s));
    }
    HttpRequest req;
    if (credentials instanceof RegistryCredentials.IdentityToken it) {
      String form = q + (q.isEmpty() ? "" : "&") + "grant_type=refresh_token&client_id=berth&refresh_token="
          + enc(it.token());
      req = HttpRequest.newBuilder(URI.create(realm)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    } else {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + q)).GET();
      if (credentials instanceof RegistryCredentials.Basic basic) b.header("Authorization", basicHeader(basic));
      req = b.build();
    }
    HttpResponse<byte[]> r = exchange(http, req, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new BerthException.Unauthorized(credentials instanceof RegistryCredentials.Anonymous
          ? "unauthorized: authentication required" : "unauthorized: incorrect username or password");
    }
    if (r.statusCode() != 200) throw RegistryErrors.of(r.statusCode(), r.body(), "token");
    JsonNode n = Json.read(r.body(), JsonNode.class);
    String value = n.path("token").asText("");
    if (value.isEmpty()) value = n.path("access_token").asText("");
    if (value.isEmpty()) throw new BerthException.Unavailable("token endpoint " + realm + " returned no token", null);
    long expiresIn = Math.max(60, n.path("expires_in").asLong(60)); // the spec's minimum is 60 s
    Instant issued = Instant.now();
    if (n.hasNonNull("issued_at")) {
      try {
        issued = Instant.parse(n.get("issued_at").asText());
      } catch (java.time.format.DateTimeParseException ignored) {
        // keep now
      }
    }
    return new Token(value, issued.plusSeconds(expiresIn));
  }

  private static String basicHeader(RegistryCredentials.Basic b) {
    return "Basic " + Base64.getEncoder().encodeToString((b.username() + ":" + b.password())
        .getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static <T> HttpResponse<T> exchange(HttpClient http, HttpRequest req, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BerthException.Unavailable("interrupted", e);
    } catch (IOException e) {
      throw new BerthException.Unavailable(goVerb(req.method()) + " \"" + req.uri() + "\": " + reason(e, req.uri()), e);
    }
  }

  /** Go's net/http error prefix: {@code Get "url": ...}. */
  private static String goVerb(String method) {
    return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
  }

  private static String reason(IOException e, URI uri) {
    if (e instanceof ConnectException) return "connect: connection refused";
    if (e instanceof javax.net.ssl.SSLHandshakeException) return tlsReason(e, uri.getHost());
    if (e instanceof InterruptedIOException) return "timeout";
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Go's crypto/tls wording for a certificate the client does not accept (what docker users search for). */
  static String tlsReason(Throwable e, String host) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
    String m = all.toString();
    if (m.contains("validity check failed") || m.contains("CertificateExpired") || m.contains("NotYetValid")) {
      return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
    }
    if (m.contains("No subject alternative") || m.contains("No name matching")) {
      return "tls: failed to verify certificate: x509: certificate is not valid for " + host;
    }
    if (m.contains("PKIX path building failed") || m.contains("unable to find valid certification path")) {
      return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
    }
    return "tls: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static void discard(HttpResponse<?> r) {
    if (r.body() instanceof java.io.InputStream in) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the connection is dropped
      }
    }
  }

  /**
   * The client for HTTPS to a registry: {@code verify} checks its certificate against the system CAs
   * plus the certs.d CAs (Docker's rule); either way the certs.d client certificate is offered.
   */
  private static HttpClient https(boolean verify, RegistryCerts.Material material) {
    if (material.isEmpty()) return verify ? SECURE : INSECURE;
    return WITH_CERTS.computeIfAbsent(new TlsKey(verify, material), k -> client(Optional.of(verify
        ? TlsContexts.client(material.cas(), material.identity()) : trustAll(material.identity()))));
  }

  private static HttpClient client(Optional<SSLContext> ssl) {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(CONNECT_TIMEOUT);
    ssl.ifPresent(b::sslContext);
    return b.build();
  }

  /** For {@code --insecure-registry} over HTTPS: Docker skips certificate verification there. */
  private static SSLContext trustAll(Optional<TlsContexts.Identity> identity) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      javax.net.ssl.KeyManager[] keys = identity.map(TlsContexts::keyManagers).orElse(null);
      // an X509ExtendedTrustManager, so that JSSE does not add its own host name check around it
      ctx.init(keys, new TrustManager[] {new X509ExtendedTrustManager() {
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket s) {}
        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}
        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
      }}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
