package io.berth.it;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Host commands for network tests: {@code ip}, {@code iptables}, busybox inside a named namespace. */
final class HostCommands {
  /** busybox-static on the host (its ping and nc; the host has no others). */
  static final String BUSYBOX = "/bin/busybox";

  private HostCommands() {}

  record Result(int code, String out) {}

  /** Runs {@code cmd} in the network namespace {@code ip netns} calls {@code ns}. */
  static Result in(String ns, String... cmd) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    return run(full.toArray(String[]::new));
  }

  /** One ICMP echo with a one-second wait: whether it was answered. */
  static boolean ping(String ns, Inet4Address to) throws IOException {
    return in(ns, BUSYBOX, "ping", "-c", "1", "-W", "1", to.getHostAddress()).code() == 0;
  }

  /** Runs {@code cmd}, failing unless it exits 0. */
  static void sh(String... cmd) throws IOException {
    Result r = run(cmd);
    if (r.code() != 0) throw new IOException(String.join(" ", cmd) + ": " + r.out());
  }

  /** Runs {@code cmd} with stdin empty; exit code and stdout with stderr. */
  static Result run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Result(p.exitValue(), out);
  }
}
