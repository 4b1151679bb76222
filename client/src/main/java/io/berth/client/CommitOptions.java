package io.berth.client;

import java.util.List;
import java.util.Optional;

/**
 * {@code docker commit}: the repository and tag for the new image (none: a dangling image), a
 * comment and author, whether to pause the container meanwhile (docker's default: yes), and
 * Dockerfile instructions to apply ({@code -c 'CMD ["sh"]'}).
 */
public record CommitOptions(Optional<String> repo, Optional<String> tag, String comment, String author, boolean pause,
                            List<String> changes) {
  public CommitOptions {
    repo = repo == null ? Optional.empty() : repo;
    tag = tag == null ? Optional.empty() : tag;
    comment = comment == null ? "" : comment;
    author = author == null ? "" : author;
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** The docker client's query: container, repo, tag, comment, author, changes (repeated), pause=0 only when off. */
  Query toQuery(String container) {
    var q = new Query().add("container", container).add("repo", repo.orElse("")).add("tag", tag.orElse(""))
        .add("comment", comment).add("author", author);
    changes.forEach(c -> q.add("changes", c));
    if (!pause) q.add("pause", "0");
    return q;
  }
}
