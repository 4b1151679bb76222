package io.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.distribution.RegistryClient;
import io.berth.distribution.RegistryCredentials;
import io.berth.distribution.RegistryHosts;
import io.berth.engine.registry.ImagePuller;
import io.berth.engine.registry.ImagePusher;
import io.berth.engine.registry.ImageSearch;
import io.berth.engine.registry.ProgressStream;
import io.berth.engine.registry.Registries;
import io.berth.http.Headers;
import io.berth.oci.Digest;
import io.berth.oci.ImageReference;
import io.berth.oci.Json;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry side of the Engine API: pull ({@code POST /images/create?fromImage=}, reached through
 * {@link ImageRoutes}), {@code POST /images/{name}/push}, {@code POST /auth} and {@code GET /images/search}. Pull and push answer
 * Docker's JSON progress stream; a failure before the first message is an HTTP error (as dockerd,
 * so the CLI prints "Error response from daemon: ..."), after it an {@code errorDetail} message.
 */
public final class RegistryRoutes {
  private final ImagePuller puller;
  private final ImagePusher pusher;
  private final Registries registries;

  public RegistryRoutes(ImagePuller puller, ImagePusher pusher, Registries registries) {
    this.puller = puller;
    this.pusher = pusher;
    this.registries = registries;
  }

  public void register(Router r) {
    r.add("POST", "/images/{name*}/push", this::push);
    r.add("POST", "/auth", this::auth);
    r.add("GET", "/images/search", this::search);
  }

  /** {@code GET /images/search?term=&limit=&filters=} (see {@link ImageSearch}). */
  private void search(ApiRequest req) throws IOException {
    String term = req.query("term").orElse("");
    int limit = ImageSearch.DEFAULT_LIMIT;
    Optional<String> l = req.query("limit").filter(s -> !s.isEmpty());
    if (l.isPresent()) {
      try {
        limit = Integer.parseInt(l.get().strip());
      } catch (NumberFormatException e) {
        throw BerthException.invalid("invalid limit %s", l.get());
      }
    }
    ImageSearch.Filters filters = ImageSearch.Filters.of(req.filters().values());
    var results = new ImageSearch(registries).search(term, limit, filters, credentials(req));
    Responses.json(req, 200, results.stream().map(ImageSearch.Result::json).toList());
  }

  /** {@code POST /images/create?fromImage=NAME&tag=TAG|DIGEST&platform=os/arch}. */
  public void pull(ApiRequest req) throws IOException {
    String image = req.query("fromImage").orElseThrow(() -> BerthException.invalid("fromImage or fromSrc is required"));
    Optional<String> tag = req.query("tag").filter(t -> !t.isEmpty());
    ImageReference ref;
    try {
      ref = ImageReference.parse(image);
      if (tag.isPresent()) {
        ref = Digest.isDigest(tag.get()) ? ImageReference.parse(ref.nameOnly() + "@" + tag.get())
            : ref.nameOnly().withTag(tag.get());
      } else if (ref.isNameOnly()) {
        ref = ref.withTag(ImageReference.DEFAULT_TAG);
      }
    } catch (BerthException.InvalidArgument e) {
      throw BerthException.invalid("invalid reference format");
    }
    Optional<Platform> platform = req.query("platform").filter(p -> !p.isEmpty()).map(Platform::parse);
    RegistryCredentials creds = credentials(req);
    ImageReference target = ref;
    stream(req, out -> puller.pull(target, platform, creds, out));
  }

  private void push(ApiRequest req) throws IOException {
    List<ImageReference> tags = pusher.tagsToPush(req.param("name"), req.query("tag"));
    RegistryCredentials creds = credentials(req);
    stream(req, out -> pusher.push(tags, creds, out));
  }

  /** {@code POST /auth}: checks the credentials against the registry's {@code /v2/}. */
  private void auth(ApiRequest req) throws IOException {
    JsonNode body = req.body(JsonNode.class);
    RegistryCredentials creds = RegistryCredentials.fromJson(body);
    String server = body == null ? "" : body.path("serveraddress").asText("");
    String domain = RegistryHosts.domainOf(server);
    RegistryClient client = registries.client(domain, creds);
    try {
      client.transport().login();
    } catch (BerthException.Unauthorized e) {
      throw new BerthException.Unauthorized("unauthorized: incorrect username or password");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Status", "Login Succeeded");
    out.put("IdentityToken", "");
    Responses.json(req, 200, out);
  }

  private static RegistryCredentials credentials(ApiRequest req) {
    return RegistryCredentials.fromHeader(req.exchange().headers().first("X-Registry-Auth"));
  }

  private interface Work {
    void run(ProgressStream out) throws IOException;
  }

  private static void stream(ApiRequest req, Work work) throws IOException {
    Headers h = new Headers();
    h.set("Content-Type", "application/json");
    ProgressStream out = new ProgressStream(() -> req.exchange().respondChunked(200, h));
    try {
      work.run(out);
    } catch (BerthException | IOException | UncheckedIOException e) {
      if (!out.started()) throw e;
      try {
        out.error(e.getMessage());
      } catch (UncheckedIOException gone) {
        // the client went away
      }
    } finally {
      Optional<OutputStream> s = out.stream();
      if (s.isPresent()) s.get().close();
    }
  }
}
