package io.berth.engine.network.dns;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A resolv.conf, and the one a container gets, by Docker's rules.
 *
 * <p>The start is the host's file ({@link Upstreams#hostFile}: systemd's real list instead of a
 * stub-only {@code /etc/resolv.conf}); {@code --dns} replaces its servers, {@code --dns-search} its
 * search domains ({@code .} alone: none), {@code --dns-option} its options. Then, by network:
 * <ul>
 *   <li>host network: as is (the container shares the host's loopback, so its servers work);
 *   <li>the default bridge and other networks without the embedded server: loopback servers dropped
 *       (and IPv6 ones without IPv6), Google's 8.8.8.8/8.8.4.4 when none is left — unless the servers
 *       came from {@code --dns}, which are taken as given;
 *   <li>user-defined networks: the embedded server (the network's gateway) as the only server, and
 *       {@code ndots:0} added unless a valid ndots is there already (Docker's resolver option: every
 *       name is tried as is first, so container names resolve before search domains are appended).
 * </ul>
 * Unknown directives are kept, after the known ones. Only the last search/domain line counts, as in
 * glibc; nameservers that are not IP addresses are dropped.
 */
public record ResolvConf(List<String> nameservers, List<String> search, List<String> options, List<String> other) {
  private static final List<String> FALLBACK_V6 = List.of("2001:4860:4860::8888", "2001:4860:4860::8844");

  public ResolvConf {
    nameservers = List.copyOf(nameservers);
    search = List.copyOf(search);
    options = List.copyOf(options);
    other = List.copyOf(other);
  }

  /** Which kind of network the container's file is for. */
  public sealed interface Mode {
    /** {@code --network host}: the host's file with the overrides. */
    record HostNetwork() implements Mode {}

    /** A network without the embedded server (the default bridge); {@code ipv6}: keep IPv6 servers. */
    record Legacy(boolean ipv6) implements Mode {}

    /** A user-defined network: {@code nameserver} is the embedded server's address. */
    record Embedded(String nameserver) implements Mode {}
  }

  /** {@code --dns}, {@code --dns-search}, {@code --dns-option}; empty lists: no override. */
  public record Overrides(List<String> dns, List<String> dnsSearch, List<String> dnsOptions) {
    public static final Overrides NONE = new Overrides(List.of(), List.of(), List.of());

    public Overrides {
      dns = List.copyOf(dns);
      dnsSearch = List.copyOf(dnsSearch);
      dnsOptions = List.copyOf(dnsOptions);
    }
  }

  /** The host's file as Docker picks it ({@link Upstreams#hostFile}); a missing file is empty. */
  public static ResolvConf ofHost(Path etc, Path systemd) {
    return parse(Upstreams.read(Upstreams.hostFile(etc, systemd)));
  }

  public static ResolvConf parse(String text) {
    List<String> ns = new ArrayList<>(), search = new ArrayList<>(), options = new ArrayList<>(), other = new ArrayList<>();
    for (String line : text.split("\n")) {
      String t = line.strip();
      // comments (also indented ones, as glibc skips leading blanks) are the host's, not the container's
      if (t.isEmpty() || t.charAt(0) == '#' || t.charAt(0) == ';') continue;
      String[] f = t.split("\\s+");
      List<String> args = List.of(f).subList(1, f.length);
      switch (f[0]) {
        case "nameserver" -> {
          if (!args.isEmpty() && Upstreams.literal(args.getFirst()).isPresent()) ns.add(args.getFirst());
        }
        case "search", "domain" -> {
          if (!args.isEmpty()) {
            search.clear();
            search.addAll(args);
          }
        }
        case "options" -> options.addAll(args);
        default -> other.add(line);
      }
    }
    return new ResolvConf(ns, search, options, other);
  }

  /** The container's file for {@code mode}, from the host's {@code host} and the container's overrides. */
  public static String forContainer(ResolvConf host, Mode mode, Overrides o) {
    return host.forContainer(mode, o).render();
  }

  /** The container's file as a value (see {@link #forContainer(ResolvConf, Mode, Overrides)}). */
  public ResolvConf forContainer(Mode mode, Overrides o) {
    List<String> ns = o.dns().isEmpty() ? nameservers : o.dns();
    List<String> s = o.dnsSearch().isEmpty() ? search : o.dnsSearch().stream().filter(x -> !x.equals(".")).toList();
    List<String> opts = o.dnsOptions().isEmpty() ? options : o.dnsOptions();
    switch (mode) {
      case Mode.HostNetwork h -> { }
      case Mode.Legacy l -> {
        if (o.dns().isEmpty()) {
          ns = ns.stream().filter(x -> Upstreams.literal(x)
              .filter(a -> !a.isLoopbackAddress() && (l.ipv6() || a.getAddress().length == 4)).isPresent()).toList();
          if (ns.isEmpty()) {
            ns = new ArrayList<>(Upstreams.FALLBACK);
            if (l.ipv6()) ns.addAll(FALLBACK_V6);
          }
        }
      }
      case Mode.Embedded e -> {
        ns = List.of(e.nameserver());
        opts = opts.stream().filter(x -> !x.startsWith("ndots") || validNdots(x)).toList();
        if (opts.stream().noneMatch(x -> x.startsWith("ndots:"))) {
          opts = new ArrayList<>(opts);
          opts.add("ndots:0");
        }
      }
    }
    return new ResolvConf(ns, s, opts, other);
  }

  /**
   * Whether ndots was set by the host's file or {@code --dns-option} (before {@code ndots:0} is
   * added). Docker's resolver then answers an unknown single-label name with an empty NOERROR rather
   * than forwarding it, so the client goes on with its search domains.
   */
  public static boolean ndotsSet(ResolvConf host, List<String> dnsOptions) {
    List<String> opts = dnsOptions.isEmpty() ? host.options() : dnsOptions;
    return opts.stream().anyMatch(x -> x.equals("ndots") || x.startsWith("ndots:"));
  }

  private static boolean validNdots(String opt) {
    if (!opt.startsWith("ndots:")) return false;
    try {
      return Integer.parseInt(opt.substring(6)) >= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The file's text: nameservers, search, options, then the other lines. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (String n : nameservers) sb.append("nameserver ").append(n).append('\n');
    if (!search.isEmpty()) sb.append("search ").append(String.join(" ", search)).append('\n');
    if (!options.isEmpty()) sb.append("options ").append(String.join(" ", options)).append('\n');
    for (String l : other) sb.append(l).append('\n');
    return sb.toString();
  }
}
