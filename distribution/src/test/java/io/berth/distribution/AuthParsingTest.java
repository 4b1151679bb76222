package io.berth.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthParsingTest {
  @Test
  void bearer_challenge_gives_realm_service_and_scope() {
    var c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
        + "scope=\"repository:library/busybox:pull\"").orElseThrow();
    assertThat(c.isBearer()).isTrue();
    assertThat(c.param("realm")).contains("https://auth.docker.io/token");
    assertThat(c.param("service")).contains("registry.docker.io");
    assertThat(c.param("scope")).contains("repository:library/busybox:pull");
  }

  @Test
  void basic_challenge_is_basic() {
    assertThat(AuthChallenge.parse("Basic realm=\"basic-realm\"").orElseThrow().isBasic()).isTrue();
  }

  @Test
  void registry_auth_header_decodes_basic_and_identity_token() {
    String json = "{\"username\":\"alice\",\"password\":\"s3cret\",\"serveraddress\":\"127.0.0.1:5000\"}";
    String header = Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    assertThat(RegistryCredentials.fromHeader(Optional.of(header)))
        .isEqualTo(new RegistryCredentials.Basic("alice", "s3cret"));
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"identitytoken\":\"t\"}".getBytes());
    assertThat(RegistryCredentials.fromHeader(Optional.of(token))).isEqualTo(new RegistryCredentials.IdentityToken("t"));
    assertThat(RegistryCredentials.fromHeader(Optional.of("e30="))).isEqualTo(RegistryCredentials.ANONYMOUS);
    assertThat(RegistryCredentials.fromHeader(Optional.empty())).isEqualTo(RegistryCredentials.ANONYMOUS);
  }

  @Test
  void hosts_map_docker_io_and_treat_loopback_as_insecure() {
    var hosts = new RegistryHosts(List.of("reg.lan:5000", "10.1.0.0/16"));
    assertThat(RegistryHosts.endpoint("docker.io")).isEqualTo("registry-1.docker.io");
    assertThat(RegistryHosts.domainOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
    assertThat(hosts.mode("localhost:5000")).isEqualTo(RegistryHosts.Mode.INSECURE_HTTPS_THEN_HTTP);
    assertThat(hosts.mode("127.0.0.5:5000")).isEqualTo(RegistryHosts.Mode.INSECURE_HTTPS_THEN_HTTP);
    assertThat(hosts.mode("reg.lan:5000")).isEqualTo(RegistryHosts.Mode.INSECURE_HTTPS_THEN_HTTP);
    assertThat(hosts.mode("10.1.2.3:5000")).isEqualTo(RegistryHosts.Mode.INSECURE_HTTPS_THEN_HTTP);
    assertThat(hosts.mode("ghcr.io")).isEqualTo(RegistryHosts.Mode.HTTPS);
  }

  @Test
  void registry_errors_use_dockers_wording() {
    byte[] body = "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}".getBytes();
    var e = RegistryErrors.of(404, body, "manifest");
    assertThat(e.getMessage()).isEqualTo("manifest unknown: manifest unknown");
    var pull = RegistryErrors.forPull(e, io.berth.oci.ImageReference.parseWithDefaultTag("busybox:nope"));
    assertThat(pull.getMessage()).isEqualTo("manifest for busybox:nope not found: manifest unknown: manifest unknown");
    byte[] denied = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"requested access to the resource is denied\"}]}".getBytes();
    assertThat(RegistryErrors.forPull(RegistryErrors.of(403, denied, "m"), io.berth.oci.ImageReference.parse("foo"))
        .getMessage()).isEqualTo("pull access denied for foo, repository does not exist or may require 'docker login': "
            + "denied: requested access to the resource is denied");
  }
}
