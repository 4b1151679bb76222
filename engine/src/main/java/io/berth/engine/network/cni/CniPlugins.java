package io.berth.engine.network.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs CNI plugin binaries as the CNI spec (1.0) says: the operation and the container in
 * {@code CNI_*} environment variables, the network configuration as JSON on stdin, a result or an
 * error object ({@code {code, msg, details}}) as JSON on stdout. Plugins are looked up in the given
 * directories in order; that list is also the {@code CNI_PATH} a plugin uses to find the plugins it
 * delegates to (the {@code bridge} plugin runs its IPAM plugin this way).
 */
public final class CniPlugins {
  /**
   * The spec versions Berth writes configurations in, best first: 1.0.0 (plugins 1.0 and later,
   * Debian 12 has 1.1.1), 0.4.0 (plugins 0.8 and 0.9, as older distributions have). The results
   * Berth reads ({@code interfaces}, {@code ips}) look the same in both.
   */
  public static final List<String> SPEC_VERSIONS = List.of("1.0.0", "0.4.0");

  /** Where distributions put the plugins: Debian's package, then the upstream tarball's place. */
  public static final List<Path> DEFAULT_DIRS = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"),
      Path.of("/usr/libexec/cni"));

  private final List<Path> dirs;
  private final Duration timeout;
  private final Map<String, String> specVersions = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param dirs    directories holding the plugin binaries, searched in order
   * @param timeout how long one plugin run may take before it is killed
   */
  public CniPlugins(List<Path> dirs, Duration timeout) {
    if (dirs.isEmpty()) throw new IllegalArgumentException("no CNI plugin directory");
    this.dirs = List.copyOf(dirs);
    this.timeout = timeout;
  }

  /** The default directories that exist on this host, 10 s per run. */
  public static CniPlugins onHost() {
    List<Path> present = DEFAULT_DIRS.stream().filter(Files::isDirectory).toList();
    return new CniPlugins(present.isEmpty() ? DEFAULT_DIRS.subList(0, 1) : present, Duration.ofSeconds(10));
  }

  /** The plugin called {@code type}. */
  public Path find(String type) throws IOException {
    if (!type.matches("[A-Za-z0-9_.-]+")) throw new IOException("invalid CNI plugin name: " + type);
    for (Path d : dirs) {
      Path p = d.resolve(type);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
    }
    throw new IOException("CNI plugin " + type + " not found in " + cniPath()
        + " (install containernetworking-plugins)");
  }

  /** {@code ADD}: returns the plugin's result. */
  public JsonNode add(String containerId, Path netns, String ifName, ObjectNode conf) throws IOException {
    return exec("ADD", containerId, Optional.of(netns), ifName, conf);
  }

  /**
   * {@code DEL}. Plugins must succeed when what they would remove is gone already, including the
   * namespace itself; an empty {@code netns} tells them there is no namespace any more.
   */
  public void del(String containerId, Optional<Path> netns, String ifName, ObjectNode conf) throws IOException {
    exec("DEL", containerId, netns, ifName, conf);
  }

  /** {@code CHECK} of an earlier {@code ADD}, whose result goes along as {@code prevResult}. */
  public void check(String containerId, Path netns, String ifName, ObjectNode conf, JsonNode prevResult)
      throws IOException {
    ObjectNode withPrev = conf.deepCopy();
    withPrev.set("prevResult", prevResult);
    exec("CHECK", containerId, Optional.of(netns), ifName, withPrev);
  }

  /** {@code VERSION}: the spec versions the plugin supports ({@code supportedVersions}). */
  public List<String> versions(String type) throws IOException {
    ObjectNode conf = Json.mapper().createObjectNode();
    conf.put("cniVersion", "0.1.0"); // every plugin reads this one
    conf.put("type", type);
    JsonNode r = exec("VERSION", "", Optional.empty(), "", conf);
    List<String> out = new ArrayList<>();
    r.path("supportedVersions").forEach(v -> out.add(v.asText()));
    return out;
  }

  /**
   * The best of {@link #SPEC_VERSIONS} plugin {@code type} supports, asked once ({@code VERSION})
   * and remembered.
   */
  public String specVersion(String type) throws IOException {
    String known = specVersions.get(type);
    if (known != null) return known;
    List<String> supported = versions(type);
    String v = SPEC_VERSIONS.stream().filter(supported::contains).findFirst().orElseThrow(() -> new IOException(
        "CNI plugin " + type + " supports spec versions " + supported + ", Berth needs one of " + SPEC_VERSIONS));
    specVersions.put(type, v);
    return v;
  }

  private String cniPath() {
    return dirs.stream().map(Path::toString).collect(Collectors.joining(":"));
  }

  /** Runs {@code conf.type} with {@code command}; the parsed stdout (an empty object when there is none). */
  JsonNode exec(String command, String containerId, Optional<Path> netns, String ifName, ObjectNode conf)
      throws IOException {
    String type = conf.path("type").asText();
    Path plugin = find(type);
    ProcessBuilder pb = new ProcessBuilder(plugin.toString());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("CNI_"));
    env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netns.map(Path::toString).orElse(""));
    env.put("CNI_IFNAME", ifName);
    env.put("CNI_PATH", cniPath());
    String what = type + " " + command + (ifName.isEmpty() ? "" : " " + ifName);
    Process p = pb.start();
    // Both pipes are drained while the plugin runs: a plugin blocked on a full stderr pipe would
    // otherwise look like a hang until the timeout.
    Drain out = new Drain(p.getInputStream());
    Drain err = new Drain(p.getErrorStream());
    try (OutputStream in = p.getOutputStream()) {
      in.write(Json.bytes(conf));
    } catch (IOException e) {
      // The plugin may exit without reading stdin (VERSION does); its exit status tells the rest.
    }
    int code;
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        // bridge runs its IPAM plugin as a child: kill the whole tree, not just the top.
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(2, TimeUnit.SECONDS);
        throw new IOException("CNI plugin " + what + " timed out after " + timeout.toMillis() + " ms");
      }
      code = p.exitValue();
      out.join();
      err.join();
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running CNI plugin " + what, e);
    }
    String stdout = out.text();
    if (code != 0) throw failure(what, code, stdout, err.text());
    if (stdout.isBlank()) return Json.mapper().createObjectNode();
    try {
      return Json.mapper().readTree(stdout);
    } catch (IOException e) {
      throw new IOException("CNI plugin " + what + " printed no JSON result: " + abbreviate(stdout), e);
    }
  }

  /** The plugin's error object as one message: {@code CNI plugin bridge ADD eth0 failed: msg (details)}. */
  static IOException failure(String what, int exitCode, String stdout, String stderr) {
    String message;
    try {
      JsonNode e = stdout.isBlank() ? null : Json.mapper().readTree(stdout);
      if (e != null && e.hasNonNull("msg")) {
        message = e.get("msg").asText();
        String details = e.path("details").asText("");
        if (!details.isEmpty()) message += " (" + details + ")";
        if (e.has("code")) message += " [CNI error " + e.get("code").asInt() + "]";
      } else {
        message = "exit status " + exitCode;
      }
    } catch (IOException notJson) {
      message = "exit status " + exitCode + ": " + abbreviate(stdout);
    }
    if (!stderr.isBlank()) message += "; stderr: " + abbreviate(stderr);
    return new IOException("CNI plugin " + what + " failed: " + message);
  }

  private static String abbreviate(String s) {
    String t = s.strip();
    return t.length() > 500 ? t.substring(0, 500) + "..." : t;
  }

  /** Reads a stream to its end in a virtual thread. */
  private static final class Drain {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile IOException failure;

    Drain(InputStream in) {
      thread = Thread.ofVirtual().name("cni-drain").start(() -> {
        try (in) {
          in.transferTo(buf);
        } catch (IOException e) {
          failure = e;
        }
      });
    }

    void join() throws InterruptedException {
      thread.join(2000);
    }

    String text() throws IOException {
      if (failure != null) throw failure;
      return buf.toString(StandardCharsets.UTF_8);
    }
  }
}
