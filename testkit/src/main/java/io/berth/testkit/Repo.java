package io.berth.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the Berth source tree (the directory holding {@code bin/berthd} and the parent {@code pom.xml}). */
public final class Repo {
  private Repo() {}

  /**
   * The system property {@code berth.repo} if set, else the nearest ancestor of the working directory
   * (Maven runs tests in the module directory) that has {@code bin/berthd} and {@code pom.xml}.
   */
  public static Path root() {
    String prop = System.getProperty("berth.repo");
    if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath().normalize();
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("bin/berthd")) && Files.exists(d.resolve("pom.xml"))) return d;
    }
    throw new IllegalStateException("cannot find the Berth tree above " + Path.of("").toAbsolutePath()
        + "; set -Dberth.repo=/path/to/berth");
  }
}
