package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.http.Endpoint;
import io.berth.oci.Digest;
import io.berth.oci.image.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Manifests, tags, catalog, referrers, deletion and read-only mode. */
class ManifestRoutesTest extends RegistryFixture {

  @Test
  void manifest_pushed_by_tag_is_pulled_by_tag_and_digest() throws Exception {
    Digest d = pushImage("lib/img", "v1", MediaTypes.DOCKER_MANIFEST, "");
    var byTag = send("GET", "/v2/lib/img/manifests/v1", null, "Accept", MediaTypes.DOCKER_MANIFEST + ", " + MediaTypes.OCI_MANIFEST);
    assertThat(byTag.statusCode()).isEqualTo(200);
    assertThat(header(byTag, "Content-Type")).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(header(byTag, "Docker-Content-Digest")).isEqualTo(d.toString());
    assertThat(Digest.sha256(byTag.body())).isEqualTo(d);
    var byDigest = send("GET", "/v2/lib/img/manifests/" + d, null);
    assertThat(byDigest.body()).isEqualTo(byTag.body());
    var head = send("HEAD", "/v2/lib/img/manifests/v1", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(byTag.body().length));
    assertThat(header(head, "Docker-Content-Digest")).isEqualTo(d.toString());
  }

  @Test
  void put_answers_location_and_digest_and_by_digest_checks_it() throws Exception {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    Digest c = pushBlob("lib/p", config);
    byte[] m = imageManifest(MediaTypes.OCI_MANIFEST, c, 2, c, 2, "");
    Digest d = Digest.sha256(m);
    var put = send("PUT", "/v2/lib/p/manifests/" + d, m, "Content-Type", MediaTypes.OCI_MANIFEST);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(header(put, "Location")).isEqualTo("/v2/lib/p/manifests/" + d);
    assertThat(header(put, "Docker-Content-Digest")).isEqualTo(d.toString());
    Digest other = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));
    assertError(send("PUT", "/v2/lib/p/manifests/" + other, m, "Content-Type", MediaTypes.OCI_MANIFEST), 400, "DIGEST_INVALID");
  }

  @Test
  void accept_negotiation_refuses_a_type_the_client_cannot_read() throws Exception {
    pushImage("lib/oci", "v1", MediaTypes.OCI_MANIFEST, "");
    assertError(send("GET", "/v2/lib/oci/manifests/v1", null, "Accept", MediaTypes.DOCKER_MANIFEST), 404, "MANIFEST_UNKNOWN");
    assertThat(send("GET", "/v2/lib/oci/manifests/v1", null, "Accept", "*/*").statusCode()).isEqualTo(200);
  }

  @Test
  void an_index_is_served_as_such_or_as_its_linux_amd64_child_to_older_clients() throws Exception {
    Digest child = pushImage("lib/multi", "amd64", MediaTypes.DOCKER_MANIFEST, "");
    long size = send("GET", "/v2/lib/multi/manifests/amd64", null).body().length;
    byte[] list = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.DOCKER_MANIFEST_LIST + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.DOCKER_MANIFEST + "\",\"digest\":\"" + child + "\",\"size\":" + size
        + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}]}").getBytes(StandardCharsets.UTF_8);
    var put = send("PUT", "/v2/lib/multi/manifests/latest", list, "Content-Type", MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
    var asList = send("GET", "/v2/lib/multi/manifests/latest", null, "Accept", MediaTypes.DOCKER_MANIFEST_LIST + "," + MediaTypes.DOCKER_MANIFEST);
    assertThat(header(asList, "Content-Type")).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    var asChild = send("GET", "/v2/lib/multi/manifests/latest", null, "Accept", MediaTypes.DOCKER_MANIFEST);
    assertThat(header(asChild, "Docker-Content-Digest")).isEqualTo(child.toString());
  }

  @Test
  void manifests_naming_missing_content_are_manifest_blob_unknown_and_not_stored() throws Exception {
    Digest config = pushBlob("lib/m", "{}".getBytes(StandardCharsets.UTF_8));
    Digest missing = Digest.sha256("missing layer".getBytes(StandardCharsets.UTF_8));
    byte[] m = imageManifest(MediaTypes.DOCKER_MANIFEST, config, 2, missing, 13, "");
    var r = send("PUT", "/v2/lib/m/manifests/v1", m, "Content-Type", MediaTypes.DOCKER_MANIFEST);
    assertError(r, 400, "MANIFEST_BLOB_UNKNOWN");
    assertThat(text(r)).contains(missing.toString());
    assertError(send("GET", "/v2/lib/m/manifests/v1", null), 404, "MANIFEST_UNKNOWN");

    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[{\"mediaType\":\""
        + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + missing + "\",\"size\":5}]}").getBytes(StandardCharsets.UTF_8);
    assertError(send("PUT", "/v2/lib/m/manifests/idx", index, "Content-Type", MediaTypes.OCI_INDEX), 400, "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void malformed_or_oversized_manifests_are_manifest_invalid() throws Exception {
    assertError(send("PUT", "/v2/lib/bad/manifests/v1", "{not json".getBytes(StandardCharsets.UTF_8),
        "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID");
    assertError(send("PUT", "/v2/lib/bad/manifests/v1", "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID");
    assertError(send("PUT", "/v2/lib/bad/manifests/v1", ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
        + "\",\"manifests\":[]}").getBytes(StandardCharsets.UTF_8), "Content-Type", MediaTypes.OCI_MANIFEST), 400, "MANIFEST_INVALID");
    assertError(send("PUT", "/v2/lib/bad/manifests/v1", "{\"schemaVersion\":1,\"fsLayers\":[]}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", MediaTypes.DOCKER_MANIFEST_V1_SIGNED), 400, "MANIFEST_INVALID");
    byte[] huge = new byte[RegistryConfig.DEFAULT_MAX_MANIFEST_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) ' ');
    assertError(send("PUT", "/v2/lib/bad/manifests/v1", huge, "Content-Type", MediaTypes.OCI_MANIFEST), 413, "MANIFEST_INVALID");
    assertError(send("PUT", "/v2/lib/bad/manifests/bad:tag:x", "{}".getBytes(StandardCharsets.UTF_8)), 400, "DIGEST_INVALID");
    assertError(send("GET", "/v2/lib/bad/manifests/v1", null), 404, "NAME_UNKNOWN");
  }

  @Test
  void unknown_manifests_and_repositories_are_404() throws Exception {
    pushImage("lib/known", "v1", MediaTypes.OCI_MANIFEST, "");
    assertError(send("GET", "/v2/lib/known/manifests/v2", null), 404, "MANIFEST_UNKNOWN");
    assertError(send("GET", "/v2/lib/unknown/manifests/v1", null), 404, "NAME_UNKNOWN");
    assertError(send("GET", "/v2/lib/unknown/tags/list", null), 404, "NAME_UNKNOWN");
  }

  @Test
  void tags_and_catalog_paginate_with_n_last_and_link() throws Exception {
    for (String t : new String[] {"c", "a", "b", "d"}) pushImage("lib/tags", t, MediaTypes.OCI_MANIFEST, "");
    pushImage("lib/zz", "1", MediaTypes.OCI_MANIFEST, "");
    assertThat(text(send("GET", "/v2/lib/tags/tags/list", null))).isEqualTo("{\"name\":\"lib/tags\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}");
    var page1 = send("GET", "/v2/lib/tags/tags/list?n=2", null);
    assertThat(text(page1)).contains("[\"a\",\"b\"]");
    assertThat(header(page1, "Link")).isEqualTo("</v2/lib/tags/tags/list?n=2&last=b>; rel=\"next\"");
    var page2 = send("GET", "/v2/lib/tags/tags/list?n=2&last=b", null);
    assertThat(text(page2)).contains("[\"c\",\"d\"]");
    assertThat(header(page2, "Link")).isNull();
    var zero = send("GET", "/v2/lib/tags/tags/list?n=0", null);
    assertThat(text(zero)).contains("\"tags\":[]");
    assertThat(header(zero, "Link")).isNull();

    assertThat(text(send("GET", "/v2/_catalog", null))).isEqualTo("{\"repositories\":[\"lib/tags\",\"lib/zz\"]}");
    var cat = send("GET", "/v2/_catalog?n=1", null);
    assertThat(text(cat)).isEqualTo("{\"repositories\":[\"lib/tags\"]}");
    assertThat(header(cat, "Link")).isEqualTo("</v2/_catalog?n=1&last=lib%2Ftags>; rel=\"next\"");
    assertThat(text(send("GET", "/v2/_catalog?n=1&last=lib/tags", null))).isEqualTo("{\"repositories\":[\"lib/zz\"]}");
  }

  @Test
  void deleting_a_tag_keeps_the_manifest_and_deleting_the_manifest_drops_its_tags() throws Exception {
    Digest d = pushImage("lib/del", "v1", MediaTypes.OCI_MANIFEST, "");
    send("PUT", "/v2/lib/del/manifests/v2", send("GET", "/v2/lib/del/manifests/v1", null).body(), "Content-Type", MediaTypes.OCI_MANIFEST);
    assertThat(send("DELETE", "/v2/lib/del/manifests/v1", null).statusCode()).isEqualTo(202);
    assertError(send("GET", "/v2/lib/del/manifests/v1", null), 404, "MANIFEST_UNKNOWN");
    assertThat(send("GET", "/v2/lib/del/manifests/" + d, null).statusCode()).isEqualTo(200);
    assertThat(send("DELETE", "/v2/lib/del/manifests/" + d, null).statusCode()).isEqualTo(202);
    assertError(send("GET", "/v2/lib/del/manifests/v2", null), 404, "MANIFEST_UNKNOWN");
    assertError(send("GET", "/v2/lib/del/manifests/" + d, null), 404, "MANIFEST_UNKNOWN");
    assertError(send("DELETE", "/v2/lib/del/manifests/" + d, null), 404, "MANIFEST_UNKNOWN");
    assertThat(text(send("GET", "/v2/lib/del/tags/list", null))).contains("\"tags\":[]");
  }

  @Test
  void referrers_list_manifests_with_a_subject_filtered_by_artifact_type() throws Exception {
    Digest subject = pushImage("lib/ref", "v1", MediaTypes.OCI_MANIFEST, "");
    long subjectSize = send("GET", "/v2/lib/ref/manifests/v1", null).body().length;
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Digest emptyDigest = pushBlob("lib/ref", empty);
    String subjectField = ",\"subject\":{\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"digest\":\"" + subject + "\",\"size\":"
        + subjectSize + "}";
    byte[] sbom = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"artifactType\":\"application/vnd.example.sbom\","
        + "\"config\":{\"mediaType\":\"" + MediaTypes.OCI_EMPTY + "\",\"digest\":\"" + emptyDigest + "\",\"size\":2},\"layers\":[]"
        + subjectField + ",\"annotations\":{\"org.example\":\"yes\"}}").getBytes(StandardCharsets.UTF_8);
    var put = send("PUT", "/v2/lib/ref/manifests/" + Digest.sha256(sbom), sbom, "Content-Type", MediaTypes.OCI_MANIFEST);
    assertThat(put.statusCode()).as(text(put)).isEqualTo(201);
    assertThat(header(put, "OCI-Subject")).isEqualTo(subject.toString());
    byte[] sig = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
        + "\"application/vnd.example.sig\",\"digest\":\"" + emptyDigest + "\",\"size\":2},\"layers\":[]" + subjectField + "}")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(send("PUT", "/v2/lib/ref/manifests/sig", sig, "Content-Type", MediaTypes.OCI_MANIFEST).statusCode()).isEqualTo(201);

    var all = send("GET", "/v2/lib/ref/referrers/" + subject, null);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(header(all, "Content-Type")).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(text(all)).contains("application/vnd.example.sbom", "application/vnd.example.sig", "\"org.example\":\"yes\"",
        Digest.sha256(sbom).toString(), Digest.sha256(sig).toString());
    var filtered = send("GET", "/v2/lib/ref/referrers/" + subject + "?artifactType=application/vnd.example.sig", null);
    assertThat(header(filtered, "OCI-Filters-Applied")).isEqualTo("artifactType");
    assertThat(text(filtered)).contains(Digest.sha256(sig).toString()).doesNotContain(Digest.sha256(sbom).toString());
    var none = send("GET", "/v2/lib/ref/referrers/" + emptyDigest, null);
    assertThat(text(none)).contains("\"manifests\":[]");
    assertError(send("GET", "/v2/lib/ref/referrers/sha256:nothex", null), 400, "DIGEST_INVALID");
  }

  @Test
  void a_read_only_registry_refuses_writes_with_unsupported() throws Exception {
    Digest d = pushImage("lib/ro", "v1", MediaTypes.OCI_MANIFEST, "");
    server.close();
    server = RegistryServer.start(RegistryConfig.defaults(root).withReadOnly(true), Endpoint.parse("tcp://127.0.0.1:0"));
    assertThat(send("GET", "/v2/lib/ro/manifests/v1", null).statusCode()).isEqualTo(200);
    assertError(send("POST", "/v2/lib/ro/blobs/uploads/", null), 405, "UNSUPPORTED");
    assertError(send("PUT", "/v2/lib/ro/manifests/v2", "{}".getBytes(StandardCharsets.UTF_8)), 405, "UNSUPPORTED");
    assertError(send("DELETE", "/v2/lib/ro/manifests/" + d, null), 405, "UNSUPPORTED");
    assertThat(send("GET", "/v2/lib/ro/manifests/" + d, null).statusCode()).isEqualTo(200);
  }

  @Test
  void chunk_min_length_is_advertised_when_configured() throws Exception {
    server.close();
    server = RegistryServer.start(RegistryConfig.defaults(root).withChunkMinLength(1 << 20), Endpoint.parse("tcp://127.0.0.1:0"));
    assertThat(header(send("POST", "/v2/lib/cm/blobs/uploads/", null), "OCI-Chunk-Min-Length")).isEqualTo("1048576");
  }
}
