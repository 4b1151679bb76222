package io.berth.client.model;

import io.berth.client.json.JsonFields;

/**
 * Docker's {@code ContainerPathStat} (the {@code X-Docker-Container-Path-Stat} header of the archive
 * endpoints): {@code mode} holds Go's {@code os.FileMode} bits; {@code linkTarget} is the resolved target
 * of a symlink, an absolute container path.
 */
public record ContainerPathStat(String name, long size, long mode, String mtime, String linkTarget) {
  private static final long MODE_DIR = 1L << 31;
  private static final long MODE_SYMLINK = 1L << 27;
  /** Every type bit of Go's FileMode (dir, append-only, exclusive, temporary, symlink, device, pipe, socket, ...). */
  private static final long MODE_TYPE = MODE_DIR | MODE_SYMLINK | (1L << 26) | (1L << 25) | (1L << 24)
      | (1L << 21) | (1L << 19);

  public ContainerPathStat {
    name = Zero.str(name);
    mtime = Zero.str(mtime);
    linkTarget = Zero.str(linkTarget);
  }

  public boolean isDirectory() { return (mode & MODE_DIR) != 0; }

  public boolean isSymlink() { return (mode & MODE_SYMLINK) != 0; }

  public boolean isRegular() { return (mode & MODE_TYPE) == 0; }

  public static ContainerPathStat fromJson(JsonFields f) {
    return new ContainerPathStat(f.string("name"), f.longValue("size"), f.longValue("mode"), f.string("mtime"),
        f.string("linkTarget"));
  }
}
