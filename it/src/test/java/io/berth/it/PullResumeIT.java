package io.berth.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.testkit.LayeredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pull cut off in the middle of a big layer (the connection to the registry dropped by a proxy
 * after ~60% of it) keeps the partial blob, and the next pull downloads only the rest.
 */
class PullResumeIT {
  @RegisterExtension static final BerthDaemon berth = new BerthDaemon();
  private static final long LAYER = 48L << 20; // random bytes: the compressed layer is as big
  private static ReferenceRegistry registry;
  private static CuttingProxy proxy;

  @BeforeAll static void start() throws IOException {
    registry = ReferenceRegistry.start(berth.work().resolve("registry"), Optional.empty());
    proxy = new CuttingProxy(Integer.parseInt(registry.host().substring(registry.host().indexOf(':') + 1)));
  }

  @AfterAll static void stop() throws IOException {
    if (proxy != null) proxy.close();
    if (registry != null) registry.close();
  }

  @Test
  void an_interrupted_pull_resumes_its_partial_layer() throws IOException {
    Path work = berth.work();
    var base = LayeredImage.busybox(work.resolve("base.tar"));
    var big = LayeredImage.randomFile(work.resolve("big.tar"), "big.bin", LAYER, 11);
    Path archive = work.resolve("image.tar");
    String pushed = registry.host() + "/resume/big:1";
    String id = LayeredImage.saveTar(archive, pushed, List.of(base, big), Map.of()).toString();
    assertThat(berth.docker("load", "-i", archive.toString()).exitCode()).isZero();
    var push = berth.docker("push", pushed);
    assertThat(push.exitCode()).as(push.toString()).isZero();
    assertThat(berth.docker("rmi", pushed).exitCode()).isZero();

    String viaProxy = "127.0.0.1:" + proxy.port() + "/resume/big:1";
    proxy.cutAfter(LAYER * 6 / 10);
    var cut = berth.docker("pull", viaProxy);
    assertThat(cut.exitCode()).as(cut.toString()).isNotZero();
    long partial = partialIngestBytes();
    assertThat(partial).as("bytes kept from the cut pull").isGreaterThan(LAYER / 3);

    proxy.cutAfter(Long.MAX_VALUE);
    proxy.served.set(0);
    var pull = berth.docker("pull", viaProxy);
    assertThat(pull.exitCode()).as(pull.toString()).isZero();
    assertThat(berth.api().get("/images/" + viaProxy + "/json").json().get("Id").asText()).isEqualTo(id);
    // Only the rest of the big layer (plus manifests, config, busybox and HTTP headers) came again.
    assertThat(proxy.served.get()).as("bytes served by the second pull").isLessThan(LAYER - partial + (4L << 20));
    assertThat(partialIngestBytes()).isZero();
    var run = berth.docker("run", "--rm", viaProxy, "sh", "-c", "wc -c < /big.bin");
    assertThat(run.stdout().strip()).as(run.toString()).isEqualTo(Long.toString(LAYER));
    assertThat(berth.docker("rmi", viaProxy).exitCode()).isZero();
  }

  private static long partialIngestBytes() throws IOException {
    Path ingests = berth.daemon().dataRoot().resolve("content/ingest");
    long sum = 0;
    try (Stream<Path> s = Files.list(ingests)) {
      for (Path d : s.filter(p -> p.getFileName().toString().startsWith("pull-")).toList()) {
        Path data = d.resolve("data");
        if (Files.exists(data)) sum += Files.size(data);
      }
    }
    return sum;
  }

  /** A TCP proxy to the registry that drops every connection once it has served {@code limit} bytes in all. */
  private static final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstream;
    final AtomicLong served = new AtomicLong();
    private volatile long limit = Long.MAX_VALUE;
    private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

    CuttingProxy(int upstream) throws IOException {
      this.upstream = upstream;
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread.ofVirtual().start(this::accept);
    }

    int port() { return server.getLocalPort(); }

    void cutAfter(long bytes) { limit = bytes; }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream);
          open.add(client);
          open.add(up);
          Thread.ofVirtual().start(() -> pump(client, up, false));
          Thread.ofVirtual().start(() -> pump(up, client, true));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void pump(Socket from, Socket to, boolean downstream) {
      byte[] buf = new byte[64 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) > 0; ) {
          if (downstream) {
            long before = served.getAndAdd(n);
            if (before + n > limit) {
              // Pass what fits, then drop both sides as a dying registry would.
              int fits = (int) Math.max(0, limit - before);
              out.write(buf, 0, fits);
              out.flush();
              break;
            }
          }
          out.write(buf, 0, n);
        }
      } catch (IOException ignored) {
        // the other side went away
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }

    private static void closeQuietly(Socket s) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }

    @Override public void close() throws IOException {
      server.close();
      for (Socket s : open) closeQuietly(s);
    }
  }
}
