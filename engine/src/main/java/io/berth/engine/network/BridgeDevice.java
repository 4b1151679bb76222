package io.berth.engine.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The default bridge's device ({@link PredefinedNetworks#BRIDGE_DEVICE}, {@code berth0}): made to exist,
 * carry the network's gateway address and be up when berthd starts, through {@code ip} (iproute2).
 *
 * <p>Like docker0 it is shared and long-lived: several daemons (test daemons on their own data roots)
 * may ensure it at once, so every step tolerates the others having done it, and an existing address is
 * never removed (a data root whose bridge subnet differs adds its own gateway next to it). berthd leaves
 * the device in place when it stops. Today containers are not attached to it (that comes with CNI
 * networking); it gives the gateway address Testcontainers connects to a home on the host, where the
 * published ports' proxies listen on every address.
 */
public final class BridgeDevice {
  private final Path ip;
  private final Path sysClassNet;

  /** @param ip the {@code ip} binary; {@code sysClassNet} is {@code /sys/class/net} */
  public BridgeDevice(Path ip, Path sysClassNet) {
    this.ip = ip;
    this.sysClassNet = sysClassNet;
  }

  /**
   * Ensures {@code name} is a bridge with {@code subnet}'s gateway address (prefix of the subnet) and up.
   *
   * @throws IOException when the device exists but is no bridge, or {@code ip} fails for another reason
   *     than a concurrent daemon having done the same
   */
  public void ensure(String name, Ipv4Subnet subnet) throws IOException {
    ensure(name, subnet.gateway() + "/" + subnet.prefix(), 0);
  }

  /**
   * Ensures {@code name} is a bridge carrying {@code address} (CIDR: the gateway and the subnet's
   * prefix) and up; a bridge made here gets {@code mtu} when it is above 0.
   *
   * @throws IOException when the device exists but is no bridge, or {@code ip} fails for another reason
   *     than a concurrent daemon having done the same
   */
  public void ensure(String name, String address, int mtu) throws IOException {
    Path dev = sysClassNet.resolve(name);
    if (!Files.exists(dev)) {
      Result r = mtu > 0 ? run("link", "add", name, "mtu", Integer.toString(mtu), "type", "bridge")
          : run("link", "add", name, "type", "bridge");
      if (r.code != 0 && !Files.exists(dev)) throw new IOException("ip link add " + name + ": " + r.output);
    }
    if (!Files.isDirectory(dev.resolve("bridge"))) {
      throw new IOException(name + " exists and is not a bridge");
    }
    fixMac(name, dev);
    if (!addresses(name).contains(address)) {
      Result r = run("addr", "add", address, "dev", name);
      if (r.code != 0 && !addresses(name).contains(address)) {
        throw new IOException("ip addr add " + address + " dev " + name + ": " + r.output);
      }
    }
    Result up = run("link", "set", name, "up");
    if (up.code != 0) throw new IOException("ip link set " + name + " up: " + up.output);
  }

  /**
   * A bridge whose MAC was never set takes the lowest MAC of its ports, so it changes as containers
   * come and go and the containers' ARP entry for the gateway goes stale (Docker sets one for this
   * reason). Setting the address it has now pins it ({@code addr_assign_type} 3, NET_ADDR_SET).
   */
  private void fixMac(String name, Path dev) throws IOException {
    try {
      if (Files.readString(dev.resolve("addr_assign_type")).strip().equals("3")) return;
      String mac = Files.readString(dev.resolve("address")).strip();
      Result r = run("link", "set", "dev", name, "address", mac);
      if (r.code != 0) throw new IOException("ip link set dev " + name + " address " + mac + ": " + r.output);
    } catch (java.nio.file.NoSuchFileException e) {
      // Not in sysfs (a test's fake /sys/class/net): nothing to pin.
    }
  }

  /** Deletes device {@code name} if it is a bridge; an absent device is no error. */
  public void delete(String name) throws IOException {
    Path dev = sysClassNet.resolve(name);
    if (!Files.exists(dev)) return;
    if (!Files.isDirectory(dev.resolve("bridge"))) throw new IOException(name + " is not a bridge, not deleting it");
    Result r = run("link", "del", name);
    if (r.code != 0 && Files.exists(dev)) throw new IOException("ip link del " + name + ": " + r.output);
  }

  /** Whether {@code name} exists and is a bridge. */
  public boolean isBridge(String name) {
    return Files.isDirectory(sysClassNet.resolve(name).resolve("bridge"));
  }

  /** The IPv4 addresses of {@code name} in CIDR form ({@code ip -4 -o addr show dev NAME}). */
  List<String> addresses(String name) throws IOException {
    Result r = run("-4", "-o", "addr", "show", "dev", name);
    if (r.code != 0) throw new IOException("ip addr show dev " + name + ": " + r.output);
    return parseAddresses(r.output);
  }

  /** Lines like {@code 5: berth0    inet 172.17.0.1/16 brd 172.17.255.255 scope global berth0}. */
  static List<String> parseAddresses(String ipOutput) {
    List<String> out = new ArrayList<>();
    for (String line : ipOutput.split("\n")) {
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if (f[i].equals("inet")) out.add(f[i + 1]);
      }
    }
    return out;
  }

  private record Result(int code, String output) {}

  private Result run(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ip.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
        Path.of("/dev/null").toFile())).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out);
  }
}
