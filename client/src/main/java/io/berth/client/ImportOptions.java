package io.berth.client;

import java.util.List;
import java.util.Optional;

/**
 * {@code docker import}: repository and tag to give the image, Dockerfile instructions to apply
 * ({@code -c "CMD [\"sh\"]"}), and a commit message.
 */
public record ImportOptions(Optional<String> repo, Optional<String> tag, List<String> changes,
                            Optional<String> message, Optional<String> platform) {
  public ImportOptions {
    repo = repo == null ? Optional.empty() : repo;
    tag = tag == null ? Optional.empty() : tag;
    changes = changes == null ? List.of() : List.copyOf(changes);
    message = message == null ? Optional.empty() : message;
    platform = platform == null ? Optional.empty() : platform;
  }

  Query toQuery() {
    var q = new Query().add("fromSrc", "-");
    repo.ifPresent(r -> q.add("repo", r));
    tag.ifPresent(t -> q.add("tag", t));
    changes.forEach(c -> q.add("changes", c));
    message.ifPresent(m -> q.add("message", m));
    platform.ifPresent(p -> q.add("platform", p));
    return q;
  }
}
