package io.berth.compose.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Relative paths of a tree made absolute against its own directory, for trees that come from another
 * directory than the project's ({@code extends.file}, {@code include}): build contexts, env_files, bind
 * sources, extends files, secret/config files. Trees of {@code -f} files are not rebased: compose resolves
 * all of them against the project directory.
 */
final class Paths {
  private Paths() {}

  static void rebase(Map<String, Object> tree, Path dir) {
    Map<String, Object> services = Merger.castMap(tree.getOrDefault("services", Map.of()));
    for (Object o : services.values()) {
      if (!(o instanceof Map<?, ?> raw)) {
        continue;
      }
      Map<String, Object> svc = Merger.castMap(raw);
      Object build = svc.get("build");
      if (build instanceof String s) {
        svc.put("build", abs(s, dir));
      } else if (build instanceof Map<?, ?> b) {
        Map<String, Object> bm = Merger.castMap(b);
        bm.put("context", abs(String.valueOf(bm.getOrDefault("context", ".")), dir));
      }
      Object envFile = svc.get("env_file");
      if (envFile instanceof String s) {
        svc.put("env_file", abs(s, dir));
      } else if (envFile instanceof List<?> l) {
        List<Object> out = new ArrayList<>();
        for (Object e : l) {
          if (e instanceof Map<?, ?> m) {
            Map<String, Object> em = Merger.castMap(m);
            em.put("path", abs(String.valueOf(em.get("path")), dir));
            out.add(em);
          } else {
            out.add(abs(String.valueOf(e), dir));
          }
        }
        svc.put("env_file", out);
      }
      if (svc.get("volumes") instanceof List<?> vols) {
        List<Object> out = new ArrayList<>();
        for (Object v : vols) {
          if (v instanceof String s && s.startsWith(".")) {
            int colon = s.indexOf(':');
            out.add(colon < 0 ? s : abs(s.substring(0, colon), dir) + s.substring(colon));
          } else if (v instanceof Map<?, ?> m && "bind".equals(m.get("type")) && m.get("source") instanceof String src
              && !src.startsWith("~")) {
            Map<String, Object> vm = Merger.castMap(m);
            vm.put("source", abs(src, dir));
            out.add(vm);
          } else {
            out.add(v);
          }
        }
        svc.put("volumes", out);
      }
      if (svc.get("extends") instanceof Map<?, ?> ext && ext.get("file") instanceof String f) {
        Merger.castMap(ext).put("file", abs(f, dir));
      }
    }
    for (String kind : List.of("secrets", "configs")) {
      for (Object o : Merger.castMap(tree.getOrDefault(kind, Map.of())).values()) {
        if (o instanceof Map<?, ?> m && m.get("file") instanceof String f) {
          Merger.castMap(m).put("file", abs(f, dir));
        }
      }
    }
  }

  private static String abs(String p, Path dir) {
    if (p.contains("://") || p.startsWith("~") || p.startsWith("git@")) {
      return p;
    }
    return dir.resolve(p).normalize().toString();
  }
}
