package io.berth.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference distribution registry (Debian's {@code docker-registry}, distribution 2.8) on an
 * ephemeral loopback port and its own root, optionally with htpasswd (bcrypt) basic auth. Closing
 * it stops the process.
 */
final class ReferenceRegistry implements AutoCloseable {
  private final Process process;
  private final int port;

  private ReferenceRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a registry under {@code dir}; with {@code user}/{@code password}, basic auth is required. */
  static ReferenceRegistry start(Path dir, Optional<String[]> userPassword) {
    try {
      Files.createDirectories(dir);
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      String auth = "";
      if (userPassword.isPresent()) {
        Path htpasswd = dir.resolve("htpasswd");
        Process h = new ProcessBuilder("htpasswd", "-Bbn", userPassword.get()[0], userPassword.get()[1])
            .redirectOutput(htpasswd.toFile()).start();
        if (h.waitFor() != 0) throw new IllegalStateException("htpasswd failed");
        auth = "auth:\n  htpasswd:\n    realm: basic-realm\n    path: " + htpasswd + "\n";
      }
      Path config = dir.resolve("config.yml");
      Files.writeString(config, "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
          + dir.resolve("data") + "\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:" + port + "\n" + auth);
      Process p = new ProcessBuilder(List.of("docker-registry", "serve", config.toString()))
          .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
      ReferenceRegistry r = new ReferenceRegistry(p, port);
      r.awaitReady();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String host() { return "127.0.0.1:" + port; }

  private void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("docker-registry exited: " + process.exitValue());
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host() + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200 || r.statusCode() == 401) return;
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("docker-registry did not start on " + host());
  }

  @Override public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
