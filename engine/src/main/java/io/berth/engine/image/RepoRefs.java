package io.berth.engine.image;

import io.berth.oci.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * dockerd's rule for untagging (moby {@code ImageDelete}): removing a tag also removes the digested
 * references (RepoDigests) of the same repository when no other tag of that repository is left;
 * removing a digested reference removes only it. The image itself goes only when no reference is
 * left. References are full ({@code docker.io/library/busybox:latest},
 * {@code docker.io/library/busybox@sha256:…}).
 */
final class RepoRefs {
  private RepoRefs() {}

  /** What untagging {@code ref} removes: {@code ref} first, then its repository's orphaned digests. */
  static List<String> removedByUntag(String ref, List<String> tags, List<String> digests) {
    List<String> out = new ArrayList<>();
    out.add(ref);
    if (!tags.contains(ref)) return out; // a digested reference: only itself
    String repo = repository(ref);
    boolean otherTag = tags.stream().anyMatch(t -> !t.equals(ref) && repository(t).equals(repo));
    if (!otherTag) {
      for (String d : digests) if (repository(d).equals(repo)) out.add(d);
    }
    return out;
  }

  /** The references the image keeps after untagging {@code ref}. */
  static Set<String> remainingAfterUntag(String ref, List<String> tags, List<String> digests) {
    Set<String> left = new LinkedHashSet<>(tags);
    left.addAll(digests);
    removedByUntag(ref, tags, digests).forEach(left::remove);
    return left;
  }

  static String repository(String fullRef) {
    return ImageReference.parse(fullRef).nameOnly().toString();
  }
}
