package io.berth.oci;

/** Berth's release version, shown by {@code berth version} for the client and by berthd for the engine. */
public final class BerthVersion {
  /** Calendar versioning (year.month.patch): berthd reports it as the engine {@code Version}. */
  public static final String VERSION = "26.11.0-dev";

  private BerthVersion() {}
}
