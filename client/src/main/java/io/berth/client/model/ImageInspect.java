package io.berth.client.model;

import java.util.List;

/** {@code GET /images/{name}/json}, the fields berth uses. */
public record ImageInspect(
    String id, List<String> repoTags, List<String> repoDigests, String parent, String comment,
    String created, String author, ContainerConfig config, String architecture, String os, long size) {
  public ImageInspect {
    id = Zero.str(id);
    repoTags = Zero.list(repoTags);
    repoDigests = Zero.list(repoDigests);
    parent = Zero.str(parent);
    comment = Zero.str(comment);
    created = Zero.str(created);
    author = Zero.str(author);
    config = config == null ? ContainerConfig.empty() : config;
    architecture = Zero.str(architecture);
    os = Zero.str(os);
  }
}
