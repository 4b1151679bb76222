package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.http.Endpoint;
import io.berth.http.server.ServerOptions;
import io.berth.oci.Digest;
import io.berth.oci.image.MediaTypes;
import io.berth.registry.auth.BCrypt;
import io.berth.registry.auth.BasicCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The web pages over HTTP, on a real registry: data from pushes, headers, auth. */
class WebPagesRouteTest extends RegistryFixture {
  static final String EVIL = "<script>alert(1)</script>";

  Digest pushHostileImage(String repo, String tag) throws Exception {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"evil\":\"" + EVIL + "\"},"
        + "\"Cmd\":[\"sh\"]},\"history\":[{\"created_by\":\"/bin/sh -c echo '" + EVIL + "'\"},"
        + "{\"created_by\":\"CMD [\\\"sh\\\"]\",\"empty_layer\":true}]}").getBytes(StandardCharsets.UTF_8);
    byte[] layer = new byte[2500];
    Digest c = pushBlob(repo, config);
    Digest l = pushBlob(repo, layer);
    byte[] manifest = imageManifest(MediaTypes.OCI_MANIFEST, c, config.length, l, layer.length, "");
    var r = send("PUT", "/v2/" + repo + "/manifests/" + tag, manifest, "Content-Type", MediaTypes.OCI_MANIFEST);
    assertThat(r.statusCode()).as(text(r)).isEqualTo(201);
    return Digest.sha256(manifest);
  }

  @Test
  void pages_list_repositories_tags_and_an_image_escaped_under_a_strict_csp() throws Exception {
    Digest d = pushHostileImage("web/app", "v1");
    pushImage("web/other", "latest", MediaTypes.DOCKER_MANIFEST, "");

    var root = send("GET", "/", null);
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(header(root, "Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(header(root, "Content-Security-Policy")).startsWith("default-src 'none'; style-src 'self'");
    assertThat(text(root)).contains(">web/app</a>", ">web/other</a>");

    var tags = send("GET", "/r/web/app", null);
    assertThat(text(tags)).contains(">v1</a>", d.hex().substring(0, 12), "<td>image</td>");

    var image = send("GET", "/r/web/app/t/v1", null);
    assertThat(image.statusCode()).as(text(image)).isEqualTo(200);
    assertThat(text(image)).doesNotContain(EVIL).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "<dd id=\"layer-count\">1</dd>",
        "docker pull 127.0.0.1:" + ((Endpoint.Tcp) server.endpoint()).port() + "/web/app:v1");
    assertThat(send("GET", "/r/web/app/d/" + d, null).statusCode()).isEqualTo(200);

    var css = send("GET", "/-/style.css", null);
    assertThat(header(css, "Content-Type")).startsWith("text/css");
    assertThat(send("GET", "/r/web/app/t/nope", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/r/web/none", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/", new byte[0]).statusCode()).isEqualTo(405);
    assertError(send("GET", "/elsewhere", null), 404, "UNSUPPORTED");
  }

  @Test
  void an_index_page_lists_its_platforms() throws Exception {
    Digest child = pushImage("web/multi", "amd64", MediaTypes.OCI_MANIFEST, "");
    long size = send("GET", "/v2/web/multi/manifests/amd64", null, "Accept", MediaTypes.OCI_MANIFEST).body().length;
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":" + size
        + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}").getBytes(StandardCharsets.UTF_8);
    assertThat(send("PUT", "/v2/web/multi/manifests/latest", index, "Content-Type", MediaTypes.OCI_INDEX).statusCode()).isEqualTo(201);
    assertThat(text(send("GET", "/r/web/multi", null))).contains("<td>index</td>", "<td class=\"platform\">linux/amd64</td>");
    assertThat(text(send("GET", "/r/web/multi/t/latest", null))).contains("id=\"platforms\"", "href=\"/r/web/multi/d/" + child + "\"");
  }

  @Test
  void with_htpasswd_pages_ask_browsers_for_basic_auth_also_in_token_mode() throws Exception {
    pushImage("web/app", "v1", MediaTypes.OCI_MANIFEST, "");
    server.close();
    Path htpasswd = root.resolve("htpasswd");
    Files.writeString(htpasswd, "alice:" + BCrypt.hash("secret", 5) + "\n");
    String alice = new BasicCredentials("alice", "secret").header();
    String wrong = new BasicCredentials("alice", "nope").header();
    for (boolean tokens : new boolean[] {false, true}) {
      Authenticator auth = RegistryServer.authenticator(Optional.of(htpasswd),
          tokens ? Optional.of("http://127.0.0.1/token") : Optional.empty(), root.resolve("key.pem"), false, "registry");
      server = RegistryServer.start(RegistryConfig.defaults(root), Endpoint.parse("tcp://127.0.0.1:0"), auth, ServerOptions.defaults());
      for (String page : new String[] {"/", "/r/web/app", "/r/web/app/t/v1"}) {
        var anon = send("GET", page, null);
        assertThat(anon.statusCode()).as(page).isEqualTo(401);
        assertThat(header(anon, "WWW-Authenticate")).isEqualTo("Basic realm=\"Registry Realm\"");
        assertThat(header(anon, "Content-Type")).startsWith("text/html");
        assertThat(send("GET", page, null, "Authorization", wrong).statusCode()).isEqualTo(401);
        assertThat(send("GET", page, null, "Authorization", alice).statusCode()).as(page).isEqualTo(200);
      }
      // no existence leak without rights
      assertThat(send("GET", "/r/web/none", null).statusCode()).isEqualTo(401);
      assertThat(send("GET", "/-/style.css", null).statusCode()).isEqualTo(200);
      server.close();
    }
    server = RegistryServer.start(RegistryConfig.defaults(root), Endpoint.parse("tcp://127.0.0.1:0"));
  }

  @Test
  void anonymous_pull_opens_the_pages() throws Exception {
    pushImage("web/app", "v1", MediaTypes.OCI_MANIFEST, "");
    server.close();
    Path htpasswd = root.resolve("htpasswd");
    Files.writeString(htpasswd, "alice:" + BCrypt.hash("secret", 5) + "\n");
    Authenticator auth = RegistryServer.authenticator(Optional.of(htpasswd), Optional.of("http://127.0.0.1/token"),
        root.resolve("key.pem"), true, "registry");
    server = RegistryServer.start(RegistryConfig.defaults(root), Endpoint.parse("tcp://127.0.0.1:0"), auth, ServerOptions.defaults());
    assertThat(send("GET", "/r/web/app/t/v1", null).statusCode()).isEqualTo(200);
    assertThat(text(send("GET", "/", null))).contains(">web/app</a>");
  }
}
