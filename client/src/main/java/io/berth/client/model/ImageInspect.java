package io.berth.client.model;

import io.berth.client.json.JsonFields;
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

  public static ImageInspect fromJson(JsonFields f) {
    return new ImageInspect(f.string("Id"), f.strings("RepoTags"), f.strings("RepoDigests"), f.string("Parent"),
        f.string("Comment"), f.string("Created"), f.string("Author"), ContainerConfig.fromJson(f.object("Config")),
        f.string("Architecture"), f.string("Os"), f.longValue("Size"));
  }
}
