package io.berth.compose.load;

import io.berth.compose.ComposeException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Files to one raw tree: each file is parsed, interpolated (values only, before validation, as the spec
 * says), validated against the schema, its {@code extends} and {@code include} resolved; then the files
 * are merged in order.
 */
final class Trees {
  private static final List<String> RESOURCES = List.of("services", "networks", "volumes", "secrets", "configs");
  private final Map<String, String> env;
  private final Consumer<String> warn;

  Trees(Map<String, String> env, Consumer<String> warn) {
    this.env = env;
    this.warn = warn;
  }

  record Loaded(Map<String, Object> tree, Map<String, String> marks) {}

  Loaded load(List<ProjectLoader.Source> sources, Path workingDir) {
    Map<String, Object> tree = new LinkedHashMap<>();
    Map<String, String> marks = new HashMap<>();
    for (ProjectLoader.Source s : sources) {
      Yaml.Doc doc = file(s);
      marks.putAll(doc.marks());
      Map<String, Object> t = Merger.castMap(doc.root());
      resolveExtends(t, s.path(), workingDir, doc.marks());
      include(t, s.path().getParent(), workingDir, marks);
      tree = Merger.files(tree, t, doc.resets(), doc.overrides());
    }
    return new Loaded(tree, marks);
  }

  /** One file parsed, interpolated and validated. */
  Yaml.Doc file(ProjectLoader.Source s) {
    Yaml.Doc doc = Yaml.parse(s.display(), s.text());
    if (!(doc.root() instanceof Map<?, ?>)) {
      throw new ComposeException(s.display() + ": top-level object must be a mapping");
    }
    new Interpolation(k -> Optional.ofNullable(env.get(k)), warn, doc.marks()).tree(doc.root(), "");
    if (Merger.castMap(doc.root()).containsKey("version")) {
      warn.accept(s.path() + ": the attribute `version` is obsolete, it will be ignored, please remove it to"
          + " avoid potential confusion");
    }
    SchemaValidator.validate(doc.root(), doc.marks());
    return doc;
  }

  private void resolveExtends(Map<String, Object> tree, Path file, Path workingDir, Map<String, String> marks) {
    Map<String, Object> services = Merger.castMap(tree.getOrDefault("services", Map.of()));
    for (String name : new ArrayList<>(services.keySet())) {
      services.put(name, extended(services, name, file, workingDir, marks, new ArrayDeque<>()));
    }
  }

  private Map<String, Object> extended(Map<String, Object> services, String name, Path file, Path workingDir,
      Map<String, String> marks, Deque<String> chain) {
    Map<String, Object> svc = Merger.castMap(services.get(name));
    if (svc == null) {
      return null;
    }
    Object ext = svc.get("extends");
    if (ext == null) {
      return svc;
    }
    String ref = file + ":" + name;
    if (chain.contains(ref)) {
      throw new ComposeException("circular reference with extends: " + String.join(" -> ", chain) + " -> " + ref);
    }
    chain.addLast(ref);
    String baseName = ext instanceof Map<?, ?> m ? String.valueOf(m.get("service")) : String.valueOf(ext);
    Object otherFile = ext instanceof Map<?, ?> m ? m.get("file") : null;
    Map<String, Object> base;
    if (otherFile != null) {
      Path other = file.getParent().resolve(String.valueOf(otherFile)).normalize();
      if (!Files.isRegularFile(other)) {
        throw new ComposeException(Loc.prefix(marks, "services." + name + ".extends")
            + "cannot read extended file " + other + ": no such file or directory");
      }
      Yaml.Doc doc = file(new ProjectLoader.Source(other, other.toString(), ProjectLoader.read(other)));
      Map<String, Object> otherTree = Merger.castMap(doc.root());
      Paths.rebase(otherTree, other.getParent());
      Map<String, Object> otherServices = Merger.castMap(otherTree.getOrDefault("services", Map.of()));
      base = extended(otherServices, baseName, other, workingDir, doc.marks(), chain);
    } else {
      base = extended(services, baseName, file, workingDir, marks, chain);
    }
    chain.removeLast();
    if (base == null) {
      throw new ComposeException(Loc.prefix(marks, "services." + name + ".extends") + "cannot extend service \""
          + name + "\" in " + file + ": service \"" + baseName + "\" not found");
    }
    Map<String, Object> own = new LinkedHashMap<>(svc);
    own.remove("extends");
    Map<String, Object> merged = Merger.service(Merger.castMap(Merger.copy(base)), own);
    merged.remove("extends");
    return merged;
  }

  @SuppressWarnings("unchecked")
  private void include(Map<String, Object> tree, Path fileDir, Path workingDir, Map<String, String> marks) {
    Object inc = tree.remove("include");
    if (!(inc instanceof List<?> entries)) {
      return;
    }
    for (Object e : entries) {
      List<String> paths = new ArrayList<>();
      Optional<String> projectDir = Optional.empty();
      List<String> envFiles = new ArrayList<>();
      if (e instanceof Map<?, ?> m) {
        Object p = m.get("path");
        if (p instanceof List<?> l) {
          l.forEach(x -> paths.add(String.valueOf(x)));
        } else {
          paths.add(String.valueOf(p));
        }
        projectDir = Optional.ofNullable(m.get("project_directory")).map(String::valueOf);
        Object ef = m.get("env_file");
        if (ef instanceof List<?> l) {
          l.forEach(x -> envFiles.add(String.valueOf(x)));
        } else if (ef != null) {
          envFiles.add(String.valueOf(ef));
        }
      } else {
        paths.add(String.valueOf(e));
      }
      List<ProjectLoader.Source> sources = new ArrayList<>();
      for (String p : paths) {
        Path f = fileDir.resolve(p).normalize();
        sources.add(new ProjectLoader.Source(f, f.toString(), ProjectLoader.read(f)));
      }
      Path dir = projectDir.map(d -> fileDir.resolve(d).normalize()).orElse(sources.getFirst().path().getParent());
      Map<String, String> process = new HashMap<>(env);
      Map<String, String> subEnv = ProjectLoader.environment(envFiles.stream().map(f -> fileDir.resolve(f)
          .normalize()).toList(), dir, process);
      Loaded sub = new Trees(subEnv, warn).load(sources, dir);
      Paths.rebase(sub.tree(), dir);
      for (String kind : RESOURCES) {
        Map<String, Object> theirs = Merger.castMap(sub.tree().getOrDefault(kind, Map.of()));
        if (theirs.isEmpty()) {
          continue;
        }
        Map<String, Object> ours = (Map<String, Object>) tree.computeIfAbsent(kind, k -> new LinkedHashMap<>());
        for (Map.Entry<String, Object> r : theirs.entrySet()) {
          if (ours.containsKey(r.getKey()) && !kind.equals("networks") && !kind.equals("volumes")) {
            throw new ComposeException(Loc.prefix(marks, kind + "." + r.getKey()) + kind + "." + r.getKey()
                + " conflicts with imported resource");
          }
          ours.putIfAbsent(r.getKey(), r.getValue());
        }
      }
      sub.marks().forEach(marks::putIfAbsent);
    }
  }
}
