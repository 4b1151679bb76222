package io.berth.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A loop block device over a sparse file (losetup), detached and deleted on close. */
record LoopDevice(String path, Path file) implements AutoCloseable {
  static LoopDevice create(Path file, long size) throws IOException, InterruptedException {
    try (var f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
    Process p = new ProcessBuilder("losetup", "--find", "--show", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("losetup failed: " + out);
    return new LoopDevice(out, file);
  }

  @Override public void close() throws IOException, InterruptedException {
    new ProcessBuilder("losetup", "-d", path).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(file);
  }
}
