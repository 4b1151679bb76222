package io.berth.engine.build;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.engine.build.dockerfile.Instruction;
import io.berth.engine.build.dockerfile.Substitution;
import io.berth.oci.errors.BerthException;
import io.berth.oci.image.ContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The instructions that only change the image's configuration (ENV, LABEL, CMD, ENTRYPOINT, EXPOSE,
 * VOLUME, USER, STOPSIGNAL, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER): each applies its change to the
 * stage and returns the history comment the classic builder records ({@code ENV a=b},
 * {@code CMD ["sh" "-c" "x"]}), or empty for an instruction that is not one of these.
 */
final class ConfigSteps {

  private ConfigSteps() {}

  static Optional<String> apply(Instruction i, StageState st, Substitution subst) {
    Function<String, Optional<String>> vars = st::lookup;
    switch (i) {
      case Instruction.Env e -> {
        Map<String, String> values = new LinkedHashMap<>();
        for (Instruction.KeyValue kv : e.pairs()) values.put(subst.word(kv.key(), vars), subst.word(kv.rawValue(), vars));
        StringBuilder c = new StringBuilder("ENV");
        values.forEach((k, v) -> {
          if (k.isEmpty()) throw BerthException.invalid("ENV names can not be blank");
          st.setEnv(k, v);
          c.append(' ').append(k).append('=').append(v);
        });
        return Optional.of(c.toString());
      }
      case Instruction.Label l -> {
        ContainerConfig.Builder b = st.config.toBuilder();
        StringBuilder c = new StringBuilder("LABEL");
        for (Instruction.KeyValue kv : l.pairs()) {
          String k = subst.word(kv.key(), vars);
          String v = subst.word(kv.rawValue(), vars);
          if (k.isEmpty()) throw BerthException.invalid("LABEL names can not be blank");
          b.label(k, v);
          c.append(' ').append(k).append('=').append(v);
        }
        st.config = b.build();
        return Optional.of(c.toString());
      }
      case Instruction.Cmd c -> {
        List<String> cmd = command(c.command(), st);
        st.config = st.config.toBuilder().cmd(Optional.of(cmd)).build();
        st.cmdSet = true;
        return Optional.of("CMD " + goQuote(cmd));
      }
      case Instruction.Entrypoint e -> {
        List<String> ep = command(e.command(), st);
        ContainerConfig.Builder b = st.config.toBuilder().entrypoint(Optional.of(ep));
        if (!st.cmdSet) b.cmd(Optional.empty()); // an inherited CMD does not survive a new ENTRYPOINT
        st.config = b.build();
        return Optional.of("ENTRYPOINT " + goQuote(ep));
      }
      case Instruction.Expose x -> {
        ContainerConfig.Builder b = st.config.toBuilder();
        List<String> words = new ArrayList<>();
        for (String raw : x.ports()) words.addAll(subst.words(raw, vars));
        for (String w : words) ports(w).forEach(b::exposedPort);
        st.config = b.build();
        return Optional.of("EXPOSE " + String.join(" ", words));
      }
      case Instruction.Volume v -> {
        ContainerConfig.Builder b = st.config.toBuilder();
        List<String> paths = new ArrayList<>();
        for (String raw : v.paths()) paths.addAll(subst.words(raw, vars));
        for (String p : paths) {
          if (p.isBlank()) throw BerthException.invalid("VOLUME specified can not be an empty string");
          b.volume(p);
        }
        st.config = b.build();
        return Optional.of("VOLUME [" + String.join(" ", paths) + "]");
      }
      case Instruction.User u -> {
        String user = subst.word(u.user(), vars);
        st.config = st.config.toBuilder().user(user).build();
        return Optional.of("USER " + user);
      }
      case Instruction.StopSignal s -> {
        String sig = subst.word(s.signal(), vars);
        st.config = st.config.toBuilder().stopSignal(sig).build();
        return Optional.of("STOPSIGNAL " + sig);
      }
      case Instruction.Shell s -> {
        st.config = st.config.toBuilder().shell(Optional.of(s.shell())).build();
        return Optional.of("SHELL " + goQuote(s.shell()));
      }
      case Instruction.Healthcheck h -> {
        ObjectNode hc = JsonNodeFactory.instance.objectNode();
        var test = hc.putArray("Test");
        if (h.test().isEmpty()) {
          test.add("NONE");
        } else {
          switch (h.test().get()) {
            case Instruction.Command.Shell sh -> test.add("CMD-SHELL").add(sh.text());
            case Instruction.Command.Exec ex -> {
              test.add("CMD");
              ex.args().forEach(test::add);
            }
          }
          h.interval().ifPresent(d -> hc.put("Interval", nanos(d)));
          h.timeout().ifPresent(d -> hc.put("Timeout", nanos(d)));
          h.startPeriod().ifPresent(d -> hc.put("StartPeriod", nanos(d)));
          h.startInterval().ifPresent(d -> hc.put("StartInterval", nanos(d)));
          h.retries().ifPresent(r -> hc.put("Retries", r));
        }
        st.config = st.config.toBuilder().healthcheck(Optional.of(hc)).build();
        return Optional.of("HEALTHCHECK " + hc);
      }
      case Instruction.Onbuild o -> {
        List<String> triggers = new ArrayList<>(st.config.onBuild());
        triggers.add(o.trigger());
        st.config = st.config.toBuilder().onBuild(triggers).build();
        return Optional.of("ONBUILD " + o.trigger());
      }
      case Instruction.Maintainer m -> {
        st.author = Optional.of(m.name());
        return Optional.of("MAINTAINER " + m.name());
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /** A CMD/ENTRYPOINT/RUN command as the argv the runtime gets: the shell form runs through SHELL. */
  static List<String> command(Instruction.Command c, StageState st) {
    return switch (c) {
      case Instruction.Command.Shell s -> {
        List<String> argv = new ArrayList<>(st.shell());
        if (!s.text().isEmpty()) argv.add(s.text()); // docker stores a bare "CMD" as the shell alone
        yield argv;
      }
      case Instruction.Command.Exec e -> e.args();
    };
  }

  /** {@code 80}, {@code 80/udp}, {@code 8000-8002} → Docker's {@code port/proto} keys. */
  static List<String> ports(String word) {
    String[] pp = word.split("/", 2);
    String proto = pp.length == 2 ? pp[1].toLowerCase(java.util.Locale.ROOT) : "tcp";
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw BerthException.invalid("Invalid proto: %s", proto);
    }
    String[] range = pp[0].split("-", 2);
    try {
      int lo = Integer.parseInt(range[0]);
      int hi = range.length == 2 ? Integer.parseInt(range[1]) : lo;
      if (lo < 0 || hi > 65535 || hi < lo) throw new NumberFormatException();
      List<String> out = new ArrayList<>();
      for (int p = lo; p <= hi; p++) out.add(p + "/" + proto);
      return out;
    } catch (NumberFormatException e) {
      throw BerthException.invalid("invalid containerPort: %s", pp[0]);
    }
  }

  /** Go's {@code %q} of a string slice, as the classic builder writes commands in history. */
  static String goQuote(List<String> words) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) sb.append(' ');
      sb.append(com.fasterxml.jackson.databind.node.TextNode.valueOf(words.get(i)).toString());
    }
    return sb.append(']').toString();
  }

  /** A HEALTHCHECK duration as the parser accepted it, in nanoseconds. */
  static long nanos(String d) {
    return io.berth.engine.build.dockerfile.Flags.parseDuration(d);
  }
}
