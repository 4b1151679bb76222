package io.berth.engine.build;

import io.berth.oci.Digest;
import io.berth.oci.image.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one stage is: the image its last step produced (empty only for {@code FROM scratch} before
 * any step), that image's configuration, and the ARGs declared in the stage so far.
 */
final class StageState {
  static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  Optional<Digest> image = Optional.empty();
  ContainerConfig config = ContainerConfig.EMPTY;
  Optional<String> author = Optional.empty();
  /** ARGs in scope: name → value; an empty value: declared, not set. */
  final Map<String, Optional<String>> args = new LinkedHashMap<>();
  /** Whether this stage set CMD (ENTRYPOINT then keeps it; otherwise it clears the inherited one). */
  boolean cmdSet;

  List<String> shell() {
    return config.shell().filter(s -> !s.isEmpty()).orElse(DEFAULT_SHELL);
  }

  /** The environment as {@code KEY → value} (ENV entries), in order. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String e : config.env()) {
      int eq = e.indexOf('=');
      env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
    }
    return env;
  }

  /** A variable's value for substitution: ENV wins over ARG, as the reference says. */
  Optional<String> lookup(String name) {
    String v = env().get(name);
    if (v != null) return Optional.of(v);
    return args.getOrDefault(name, Optional.empty());
  }

  /** The ARGs set in this stage that ENV does not override, sorted: RUN's extra environment. */
  List<String> argEnv() {
    Map<String, String> env = env();
    List<String> out = new ArrayList<>();
    args.forEach((k, v) -> {
      if (v.isPresent() && !env.containsKey(k)) out.add(k + "=" + v.get());
    });
    out.sort(null);
    return out;
  }

  /** {@code ENV}: sets or replaces {@code key}. */
  void setEnv(String key, String value) {
    List<String> env = new ArrayList<>();
    boolean replaced = false;
    for (String e : config.env()) {
      if (e.equals(key) || e.startsWith(key + "=")) {
        if (!replaced) env.add(key + "=" + value);
        replaced = true;
      } else {
        env.add(e);
      }
    }
    if (!replaced) env.add(key + "=" + value);
    config = config.toBuilder().env(env).build();
  }
}
