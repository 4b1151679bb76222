package io.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.http.Headers;
import io.berth.http.server.Exchange;
import io.berth.oci.Digest;
import io.berth.oci.Json;
import io.berth.oci.image.MediaTypes;
import io.berth.registry.storage.ManifestRecord;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Content discovery: {@code tags/list}, {@code _catalog} (both paginated with n/last and Link), and the referrers API. */
final class DiscoveryRoutes {
  /** Without {@code n}, everything is listed in one answer; a client-given n is capped here. */
  static final int MAX_PAGE = 10_000;
  private final Registry registry;

  DiscoveryRoutes(Registry registry) {
    this.registry = registry;
  }

  void tags(Exchange ex, RepositoryName name) throws IOException {
    if (!registry.index().repositoryExists(name.value())) throw ManifestRoutes.nameUnknown(name);
    int n = pageSize(ex);
    Optional<String> last = ex.query().get("last").filter(s -> !s.isEmpty());
    List<String> page = n == 0 ? List.of() : registry.index().tags(name.value(), last, n + 1);
    Headers h = RegistryHandler.headers();
    if (page.size() > n) {
      page = page.subList(0, n);
      h.set("Link", "</v2/" + name + "/tags/list?n=" + n + "&last=" + encode(page.getLast()) + ">; rel=\"next\"");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name.value());
    body.put("tags", page);
    RegistryHandler.respondJson(ex, 200, h, body);
  }

  void catalog(Exchange ex) throws IOException {
    int n = pageSize(ex);
    Optional<String> last = ex.query().get("last").filter(s -> !s.isEmpty());
    List<String> page = n == 0 ? List.of() : registry.index().repositories(last, n + 1);
    Headers h = RegistryHandler.headers();
    if (page.size() > n) {
      page = page.subList(0, n);
      h.set("Link", "</v2/_catalog?n=" + n + "&last=" + encode(page.getLast()) + ">; rel=\"next\"");
    }
    RegistryHandler.respondJson(ex, 200, h, Map.of("repositories", page));
  }

  /** An OCI index of the manifests in {@code name} whose subject is {@code digest}; never a 404. */
  void referrers(Exchange ex, RepositoryName name, String digestText) throws IOException {
    Digest subject = BlobRoutes.digest(digestText);
    Optional<String> artifactType = ex.query().get("artifactType").filter(s -> !s.isEmpty());
    List<Map<String, Object>> descriptors = new ArrayList<>();
    for (ManifestRecord m : registry.index().referrers(name.value(), subject)) {
      if (artifactType.isPresent() && !artifactType.equals(m.artifactType())) continue;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", m.mediaType());
      d.put("size", m.size());
      d.put("digest", m.digest().toString());
      m.artifactType().ifPresent(t -> d.put("artifactType", t));
      if (m.annotationsJson().isPresent()) d.put("annotations", Json.mapper().readValue(m.annotationsJson().get(), JsonNode.class));
      descriptors.add(d);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schemaVersion", 2);
    body.put("mediaType", MediaTypes.OCI_INDEX);
    body.put("manifests", descriptors);
    Headers h = RegistryHandler.headers();
    if (artifactType.isPresent()) h.set("OCI-Filters-Applied", "artifactType");
    h.set("Content-Type", MediaTypes.OCI_INDEX);
    ex.respond(200, h, Json.bytes(body));
  }

  private static int pageSize(Exchange ex) {
    Optional<String> n = ex.query().get("n").filter(s -> !s.isEmpty());
    if (n.isEmpty()) return MAX_PAGE;
    try {
      int v = Integer.parseInt(n.get());
      if (v < 0) throw new NumberFormatException();
      return Math.min(v, MAX_PAGE);
    } catch (NumberFormatException e) {
      throw ErrorCode.UNSUPPORTED.error(400, "invalid page size n=" + n.get(), Map.of("n", n.get()));
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
