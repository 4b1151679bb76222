package io.berth.cli.build;

import io.berth.cli.format.Units;
import io.berth.oci.context.DockerIgnore;
import io.berth.oci.errors.BerthException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Turns {@code berth build}'s {@code CONTEXT} and {@code -f} into the request body and the
 * {@code dockerfile} parameter, with the docker CLI's rules ({@code runBuild}, legacy builder):
 * <ul>
 *   <li>{@code CONTEXT} a directory: its tar ({@link ContextTar}) with its {@code .dockerignore}
 *       applied; {@code -f} is relative to the current directory; without it {@code Dockerfile} (or
 *       {@code dockerfile} if only that exists) in the context; a Dockerfile outside the context, or
 *       {@code -f -} (stdin), is added as {@code .dockerfile.<random>};</li>
 *   <li>{@code CONTEXT} {@code -}: stdin is a tar (plain or compressed, sent as is, {@code -f} names
 *       the Dockerfile inside it) or else a Dockerfile, sent as the only file of the context;</li>
 *   <li>a git or http(s) URL: refused, Berth does not fetch remote contexts.</li>
 * </ul>
 * Errors are {@link IllegalArgumentException}s with docker's texts ("unable to prepare context: ...").
 */
public final class BuildContext {
  static final String DEFAULT_DOCKERFILE = "Dockerfile";
  private static final int HEADER = 512;

  /** Writes the context tar to a stream (the request body). */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** The body and the {@code dockerfile} query value (none: the daemon's default). */
  public record Prepared(Body body, Optional<String> dockerfile) {}

  private BuildContext() {}

  /**
   * Resolves {@code context} and {@code dockerfile} ({@code -f}; "-" for stdin) against {@code cwd};
   * {@code stdin} is read only when one of them is "-".
   */
  public static Prepared prepare(String context, Optional<String> dockerfile, InputStream stdin, Path cwd) throws IOException {
    boolean dockerfileFromStdin = dockerfile.filter("-"::equals).isPresent();
    if (dockerfileFromStdin && context.equals("-")) {
      throw new IllegalArgumentException("invalid argument: can't use stdin for both build context and dockerfile");
    }
    if (context.equals("-")) return fromStdin(stdin, dockerfile);
    Path dir = cwd.resolve(context);
    if (Files.exists(dir)) return fromDirectory(dir, dockerfile, dockerfileFromStdin, stdin, cwd);
    if (isRemote(context)) {
      throw new IllegalArgumentException("unable to prepare context: remote build contexts (git repositories and URLs)"
          + " are not supported: " + context);
    }
    throw new IllegalArgumentException("unable to prepare context: path " + Units.goQuote(context) + " not found");
  }

  /** The docker CLI's {@code urlutil.IsGitURL} or {@code IsURL}. */
  static boolean isRemote(String c) {
    return c.startsWith("http://") || c.startsWith("https://") || c.startsWith("git://") || c.startsWith("git@")
        || c.startsWith("github.com/");
  }

  // ---- stdin -------------------------------------------------------------------------------------

  private static Prepared fromStdin(InputStream stdin, Optional<String> dockerfile) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stdin, 64 * 1024);
    in.mark(2 * HEADER);
    byte[] head = in.readNBytes(2 * HEADER);
    in.reset();
    if (isArchive(head)) return new Prepared(in::transferTo, dockerfile.filter(d -> !d.isEmpty()));
    if (dockerfile.isPresent() && !dockerfile.get().isEmpty()) {
      throw new IllegalArgumentException(
          "unable to prepare context: ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles");
    }
    byte[] content = in.readAllBytes();
    return new Prepared(out -> singleFileTar(DEFAULT_DOCKERFILE, content, out), Optional.of(DEFAULT_DOCKERFILE));
  }

  /** The docker CLI's {@code IsArchive}: a compression's magic, or a tar header with a valid checksum. */
  static boolean isArchive(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return true; // gzip
    if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') return true; // bzip2
    if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
        && head[4] == 'Z' && head[5] == 0) return true; // xz
    if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
        && (head[3] & 0xff) == 0xfd) return true; // zstd
    if (head.length < HEADER) return false;
    long sum = 0;
    boolean zero = true;
    for (int i = 0; i < HEADER; i++) {
      int b = head[i] & 0xff;
      if (b != 0) zero = false;
      sum += (i >= 148 && i < 156) ? ' ' : b;
    }
    if (zero) return false; // an end-of-archive block: Go's reader says EOF
    String field = new String(head, 148, 8, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
    try {
      return !field.isEmpty() && Long.parseLong(field, 8) == sum;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void singleFileTar(String name, byte[] content, OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, 512, StandardCharsets.UTF_8.name());
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setMode(0644);
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
    tar.finish();
    out.flush();
  }

  // ---- directory ---------------------------------------------------------------------------------

  private static Prepared fromDirectory(Path given, Optional<String> dockerfile, boolean dockerfileFromStdin,
      InputStream stdin, Path cwd) throws IOException {
    Path ctx;
    try {
      ctx = given.toAbsolutePath().toRealPath();
    } catch (IOException e) {
      throw prepare("unable to evaluate symlinks in context path: " + reason(e));
    }
    if (!Files.isDirectory(ctx, LinkOption.NOFOLLOW_LINKS)) throw prepare("context must be a directory: " + ctx);
    String rel;
    if (dockerfileFromStdin) {
      rel = "-";
    } else {
      Path df;
      if (dockerfile.isPresent() && !dockerfile.get().isEmpty()) {
        df = cwd.resolve(dockerfile.get()).toAbsolutePath().normalize();
      } else {
        df = ctx.resolve(DEFAULT_DOCKERFILE);
        if (!Files.exists(df, LinkOption.NOFOLLOW_LINKS) && Files.exists(ctx.resolve("dockerfile"), LinkOption.NOFOLLOW_LINKS)) {
          df = ctx.resolve("dockerfile");
        }
      }
      try {
        df = df.toRealPath();
      } catch (IOException e) {
        throw prepare("unable to evaluate symlinks in Dockerfile path: " + reason(e));
      }
      rel = ctx.relativize(df).toString();
    }
    Optional<ContextTar.Extra> extra = Optional.empty();
    if (dockerfileFromStdin) {
      extra = Optional.of(new ContextTar.Extra(randomName(), stdin.readAllBytes()));
    } else if (rel.startsWith("../")) {
      // the Dockerfile is outside the context: send its content under a random name
      extra = Optional.of(new ContextTar.Extra(randomName(), Files.readAllBytes(cwd.resolve(dockerfile.orElseThrow()))));
    }
    List<String> lines = readDockerignore(ctx);
    DockerIgnore excludes;
    try {
      excludes = DockerIgnore.of(lines);
      validate(ctx, excludes);
      excludes = trimBuildFiles(excludes, rel, dockerfileFromStdin);
    } catch (BerthException.InvalidArgument e) {
      throw new IllegalArgumentException("error checking context: " + e.getMessage());
    }
    DockerIgnore finalExcludes = excludes;
    Optional<ContextTar.Extra> finalExtra = extra;
    Optional<String> param = Optional.of(extra.map(ContextTar.Extra::name).orElse(rel));
    return new Prepared(out -> ContextTar.write(ctx, finalExcludes, finalExtra, out), param);
  }

  private static List<String> readDockerignore(Path ctx) throws IOException {
    try {
      return DockerIgnore.lines(new String(Files.readAllBytes(ctx.resolve(".dockerignore")), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  /** The docker CLI's {@code TrimBuildFilesFromExcludes}: the daemon needs these two even when excluded. */
  static DockerIgnore trimBuildFiles(DockerIgnore excludes, String dockerfile, boolean fromStdin) {
    if (excludes.matchesLegacy(".dockerignore")) excludes = excludes.with("!.dockerignore");
    if (excludes.matchesLegacy(dockerfile) && !fromStdin) excludes = excludes.with("!" + dockerfile);
    return excludes;
  }

  /** The docker CLI's {@code ValidateContextDirectory}: every file that will be sent can be read. */
  private static void validate(Path ctx, DockerIgnore excludes) throws IOException {
    List<Path> todo = new ArrayList<>(List.of(ctx));
    while (!todo.isEmpty()) {
      Path dir = todo.removeLast();
      try (var ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          String rel = ctx.relativize(p).toString();
          boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
          if (excludes.excluded(rel, isDir)) continue;
          if (isDir) {
            todo.add(p);
          } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isReadable(p)) {
            throw new IllegalArgumentException("error checking context: no permission to read from '" + p + "'");
          }
        }
      } catch (java.nio.file.AccessDeniedException e) {
        throw new IllegalArgumentException("error checking context: can't stat '" + dir + "'");
      }
    }
  }

  /** ".dockerfile." and 20 random hex digits, as the docker CLI names an added Dockerfile. */
  static String randomName() {
    byte[] b = new byte[10];
    new SecureRandom().nextBytes(b);
    return ".dockerfile." + HexFormat.of().formatHex(b);
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException n) return "lstat " + n.getFile() + ": no such file or directory";
    return String.valueOf(e.getMessage());
  }

  private static IllegalArgumentException prepare(String message) {
    return new IllegalArgumentException("unable to prepare context: " + message);
  }
}
