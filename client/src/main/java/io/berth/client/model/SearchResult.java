package io.berth.client.model;

import io.berth.client.json.JsonFields;

/** One item of {@code GET /images/search} (Docker's {@code registry.SearchResult}). */
public record SearchResult(String name, String description, int starCount, boolean official, boolean automated) {
  public SearchResult {
    name = Zero.str(name);
    description = Zero.str(description);
  }

  public static SearchResult fromJson(JsonFields f) {
    return new SearchResult(f.string("name"), f.string("description"), f.integer("star_count"),
        f.bool("is_official"), f.bool("is_automated"));
  }
}
