package io.berth.engine.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FifosTest {
  @TempDir Path tmp;

  @Test
  void write_without_a_reader_fails_at_once_with_enxio() throws Exception {
    Path fifo = tmp.resolve("ctl");
    Linux.mknod(fifo, Linux.S_IFIFO | 0600, 0);
    assertThatThrownBy(() -> Fifos.writeNonBlocking(fifo, "1 2 3\n".getBytes()))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Fifos.ENXIO));
  }

  @Test
  void message_reaches_the_reader() throws Exception {
    Path fifo = tmp.resolve("ctl");
    Linux.mknod(fifo, Linux.S_IFIFO | 0600, 0);
    CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
      try (var in = new FileInputStream(fifo.toFile())) {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    // the reader opens asynchronously: retry until it is there
    for (int i = 0; ; i++) {
      try {
        Fifos.writeNonBlocking(fifo, "1 30 100\n".getBytes(StandardCharsets.US_ASCII));
        break;
      } catch (ErrnoException e) {
        if (e.errno() != Fifos.ENXIO || i > 200) throw e;
        Thread.sleep(10);
      }
    }
    assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo("1 30 100\n");
  }

  @Test
  void missing_fifo_is_enoent() {
    assertThatThrownBy(() -> Fifos.writeNonBlocking(tmp.resolve("nope"), new byte[] {1}))
        .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Linux.ENOENT));
  }
}
