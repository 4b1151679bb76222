package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.cli.cp.CpPaths;
import io.berth.cli.cp.CpPaths.CopyInfo;
import io.berth.cli.cp.LocalTar;
import io.berth.cli.cp.LocalUntar;
import io.berth.cli.format.Units;
import io.berth.client.EngineClient;
import io.berth.client.EngineException;
import io.berth.client.model.ContainerPathStat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth cp}: copy files between a container and the local file system, with docker's rules
 * (see {@link CpPaths}): {@code CONTAINER:SRC DEST}, {@code SRC CONTAINER:DEST}, {@code -} for a tar
 * stream on stdin/stdout, a trailing {@code /.} for a directory's contents. {@code -a} gives copied
 * files the container user's owner, {@code -L} follows a symlink given as the source. Like docker, a
 * summary is printed only when stdout is a terminal.
 */
@Command(name = "cp", customSynopsis = {"berth cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-",
    "\tberth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"},
    description = "Copy files/folders between a container and the local filesystem")
public final class CpCommand extends BerthCommand {
  @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)") boolean archive;

  @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH") boolean followLink;

  @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy") boolean quiet;

  @Parameters(index = "0", paramLabel = "SRC") String source;

  @Parameters(index = "1", paramLabel = "DEST") String destination;

  @Override protected int execute(Cli cli) throws IOException {
    if (source.isEmpty()) throw new IllegalArgumentException("source can not be empty");
    if (destination.isEmpty()) throw new IllegalArgumentException("destination can not be empty");
    boolean summary = !quiet && cli.stdoutIsTerminal();
    Optional<String[]> from = CpPaths.splitContainerArg(source);
    Optional<String[]> to = CpPaths.splitContainerArg(destination);
    if (from.isPresent() && to.isPresent()) throw new IllegalArgumentException("copying between containers is not supported");
    if (from.isEmpty() && to.isEmpty()) throw new IllegalArgumentException("must specify at least one container source");
    try {
      if (from.isPresent()) fromContainer(cli, from.get()[0], from.get()[1], summary);
      else toContainer(cli, to.get()[0], to.get()[1], summary);
    } catch (FileSystemException e) {
      throw new IllegalArgumentException(goError(e));
    }
    return ExitCodes.OK;
  }

  // ---- container → local -------------------------------------------------------------------------

  private void fromContainer(Cli cli, String container, String srcPath, boolean summary) throws IOException {
    EngineClient client = cli.client();
    String dstPath = destination.equals("-") ? "-" : localAbsolute(destination);
    if (!dstPath.equals("-")) validateOutputPath(dstPath);
    String rebaseName = "";
    if (followLink) {
      try {
        ContainerPathStat st = client.statContainerPath(container, srcPath);
        if (st.isSymlink()) {
          String target = st.linkTarget();
          if (!target.startsWith("/")) target = CpPaths.join(CpPaths.splitPathDirEntry(srcPath)[0], target);
          CopyInfo r = CpPaths.rebased(srcPath, target);
          srcPath = r.path();
          rebaseName = r.rebaseName();
        }
      } catch (EngineException e) {
        // as docker: the copy itself reports what is wrong with the source
      }
    }
    try (EngineClient.ContainerArchive a = client.getContainerArchive(container, srcPath)) {
      if (dstPath.equals("-")) {
        OutputStream out = cli.out();
        a.tar().transferTo(out);
        out.flush();
        return;
      }
      CopyInfo src = new CopyInfo(srcPath, true, a.stat().isDirectory(), rebaseName);
      UnaryOperator<String> pre = rebaseName.isEmpty() ? UnaryOperator.identity()
          : CpPaths.rebase(CpPaths.splitPathDirEntry(srcPath)[1], rebaseName);
      CpPaths.Prepared p = CpPaths.prepareArchiveCopy(src, destinationInfo(dstPath));
      long copied = LocalUntar.extract(a.tar(), Path.of(p.dstDir()), n -> p.rename().apply(pre.apply(n)), cli.err());
      if (summary) {
        long size = a.stat().isDirectory() ? copied : a.stat().size();
        cli.err().println("Successfully copied " + Units.humanSize(size) + " to " + dstPath);
      }
    }
  }

  /** docker's {@code ValidateOutputPath}: the parent must exist; an existing path must be a directory or a file. */
  private static void validateOutputPath(String path) throws IOException {
    String dir = CpPaths.dir(CpPaths.clean(path));
    if (!dir.isEmpty() && !dir.equals(".") && !Files.exists(Path.of(dir))) {
      throw new IllegalArgumentException("invalid output path: directory \"" + dir + "\" does not exist");
    }
    Path p = Path.of(path);
    if (path.endsWith("/") && Files.exists(p) && !Files.isDirectory(p)) {
      throw new IllegalArgumentException("stat " + path + ": not a directory");
    }
    if (Files.exists(p) && !Files.isDirectory(p) && !Files.isRegularFile(p)) {
      throw new IllegalArgumentException("invalid output path: \"" + path + "\" must be a directory or a regular file");
    }
  }

  /** moby's {@code CopyInfoDestinationPath}: follows symlinks (at most 10); a missing path needs its parent. */
  private static CopyInfo destinationInfo(String path) throws IOException {
    String p = path;
    for (int n = 0; Files.isSymbolicLink(Path.of(p)); n++) {
      if (n > 10) throw new IllegalArgumentException("too many symlinks in " + path);
      String target = Files.readSymbolicLink(Path.of(p)).toString();
      p = target.startsWith("/") ? target : CpPaths.join(CpPaths.splitPathDirEntry(p)[0], target);
    }
    Path at = Path.of(p);
    if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) return new CopyInfo(p, true, Files.isDirectory(at));
    Path parent = Path.of(CpPaths.splitPathDirEntry(p)[0]);
    if (!Files.exists(parent)) throw new IllegalArgumentException("stat " + parent + ": no such file or directory");
    if (!Files.isDirectory(parent)) throw new IllegalArgumentException("not a directory");
    return new CopyInfo(p, false, false);
  }

  // ---- local → container -------------------------------------------------------------------------

  private void toContainer(Cli cli, String container, String dstPath, boolean summary) throws IOException {
    EngineClient client = cli.client();
    String srcPath = source.equals("-") ? "-" : localAbsolute(source);
    CopyInfo dst = new CopyInfo(dstPath, false, false);
    try {
      ContainerPathStat st = client.statContainerPath(container, dstPath);
      if (st.isSymlink()) {
        String target = st.linkTarget();
        if (!target.startsWith("/")) target = CpPaths.join(CpPaths.splitPathDirEntry(dstPath)[0], target);
        dst = new CopyInfo(target, false, false);
        st = client.statContainerPath(container, target);
      }
      if (!st.isDirectory() && !st.isRegular()) {
        throw new IllegalArgumentException("destination \"" + container + ":" + dstPath
            + "\" must be a directory or a regular file");
      }
      dst = new CopyInfo(dst.path(), true, st.isDirectory());
    } catch (EngineException e) {
      // as docker: assume the parent exists; the extraction reports a real problem
    }
    if (srcPath.equals("-")) {
      if (!dst.isDir()) throw new IllegalArgumentException("destination \"" + container + ":" + dstPath + "\" must be a directory");
      client.putContainerArchive(container, dst.path(), cli.in(), false, archive);
      return;
    }
    CopyInfo src = sourceInfo(srcPath, followLink);
    CpPaths.Prepared p = CpPaths.prepareArchiveCopy(src, dst);
    UnaryOperator<String> rename = src.rebaseName().isEmpty() ? p.rename()
        : n -> p.rename().apply(CpPaths.rebaseEntry(n, CpPaths.splitPathDirEntry(src.path())[1], src.rebaseName()));
    long size = put(client, container, p.dstDir(), src.path(), rename);
    if (summary) cli.err().println("Successfully copied " + Units.humanSize(size) + " to " + container + ":" + dst.path());
  }

  /** Streams the local archive to the daemon while it is written (a pipe fed by a writer thread). */
  private long put(EngineClient client, String container, String dstDir, String srcPath, UnaryOperator<String> rename)
      throws IOException {
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] size = new long[1];
    Thread writer = Thread.ofVirtual().name("cp-tar").start(() -> {
      try (out) {
        size[0] = LocalTar.write(srcPath, rename, out);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    try (in) {
      client.putContainerArchive(container, dstDir, in, false, archive);
    } finally {
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Throwable t = failure.get();
    if (t instanceof IOException io && !(io.getMessage() != null && io.getMessage().contains("Pipe closed"))) throw io;
    if (t instanceof RuntimeException r) throw r;
    if (t instanceof Error err) throw err;
    return size[0];
  }

  /** moby's {@code CopyInfoSourcePath}: symlinks before the last element resolved; the last one too with -L. */
  private static CopyInfo sourceInfo(String path, boolean follow) throws IOException {
    String resolved;
    String rebase = "";
    if (follow) {
      CopyInfo r = CpPaths.rebased(path, realPath(path));
      resolved = r.path();
      rebase = r.rebaseName();
    } else {
      int slash = path.lastIndexOf('/');
      String dirPart = path.substring(0, slash + 1);
      String basePart = path.substring(slash + 1);
      String dir = realPath(dirPart.isEmpty() ? "." : dirPart);
      resolved = (dir.equals("/") ? "" : dir) + "/" + basePart;
      if (CpPaths.hasTrailingSeparator(path) && !CpPaths.base(path).equals(CpPaths.base(resolved))) {
        rebase = CpPaths.base(path);
      }
    }
    Path p = Path.of(resolved);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("lstat " + CpPaths.clean(resolved) + ": no such file or directory");
    }
    if (CpPaths.assertsDirectory(resolved) && !Files.isDirectory(p)) {
      throw new IllegalArgumentException("lstat " + resolved + ": not a directory");
    }
    return new CopyInfo(resolved, true, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS), rebase);
  }

  private static String realPath(String path) throws IOException {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("lstat " + CpPaths.clean(path) + ": no such file or directory");
    }
  }

  /** An absolute local path keeping a trailing {@code /} or {@code /.} (docker's resolveLocalPath). */
  private static String localAbsolute(String path) {
    String abs = CpPaths.clean(Path.of(path).toAbsolutePath().toString());
    return CpPaths.preserveTrailingDotOrSeparator(abs, path);
  }

  /** A file system error in Go's words ({@code /x: no such file or directory}). */
  private static String goError(FileSystemException e) {
    String reason = e instanceof NoSuchFileException ? "no such file or directory"
        : e instanceof NotDirectoryException ? "not a directory"
        : e instanceof AccessDeniedException ? "permission denied"
        : String.valueOf(e.getReason()).toLowerCase(java.util.Locale.ROOT);
    return e.getFile() + ": " + reason;
  }
}
