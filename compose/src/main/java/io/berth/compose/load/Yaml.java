package io.berth.compose.load;

import io.berth.compose.ComposeException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML text to a plain tree ({@code LinkedHashMap<String,Object>}, {@code ArrayList<Object>}, String,
 * Long, Double, Boolean, null) with the YAML 1.2 core schema's typing: only plain scalars are typed,
 * quoted ones stay strings. The composer's nodes are used (not the constructor) so that every path
 * keeps its {@code file:line:column} for error messages; {@code <<} merge keys are applied here.
 */
final class Yaml {
  private Yaml() {}

  /** A parsed file: the tree, and the location of each path ({@code services.web.ports[0]}). */
  record Doc(Object root, Map<String, String> marks, Set<String> resets, Set<String> overrides) {}

  static Doc parse(String fileName, String text) {
    LoadSettings settings = LoadSettings.builder().setLabel(fileName).setSchema(new CoreSchema())
        .setAllowDuplicateKeys(false).setMaxAliasesForCollections(1000).build();
    Optional<Node> node;
    try {
      node = new Compose(settings).composeString(text);
    } catch (MarkedYamlEngineException e) {
      String where = e.getProblemMark().map(m -> at(fileName, m)).orElse(fileName);
      throw new ComposeException(where + ": yaml: " + e.getProblem(), e);
    } catch (YamlEngineException e) {
      throw new ComposeException(fileName + ": yaml: " + e.getMessage(), e);
    }
    Map<String, String> marks = new HashMap<>();
    if (node.isEmpty()) {
      return new Doc(new LinkedHashMap<String, Object>(), marks, Set.of(), Set.of());
    }
    Converter c = new Converter(fileName, marks, new HashSet<>(), new HashSet<>());
    Object root = c.convert(node.get(), "");
    return new Doc(root, marks, c.resets(), c.overrides());
  }

  private static String at(String file, Mark m) {
    return file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private record Converter(String file, Map<String, String> marks, Set<String> resets, Set<String> overrides) {
    Object convert(Node n, String path) {
      n.getStartMark().ifPresent(m -> marks.putIfAbsent(path, at(file, m)));
      // compose's merge tags: !reset clears what earlier files set, !override replaces without merging.
      if (n.getTag().getValue().equals("!reset")) {
        resets.add(path);
      } else if (n.getTag().getValue().equals("!override")) {
        overrides.add(path);
      }
      return switch (n) {
        case ScalarNode s -> scalar(s);
        case SequenceNode s -> {
          List<Object> out = new ArrayList<>();
          for (Node item : s.getValue()) {
            out.add(convert(item, path + "[" + out.size() + "]"));
          }
          yield out;
        }
        case MappingNode m -> mapping(m, path);
        default -> throw new ComposeException(file + ": yaml: unsupported node " + n.getNodeType());
      };
    }

    private Map<String, Object> mapping(MappingNode m, String path) {
      Map<String, Object> out = new LinkedHashMap<>();
      List<Node> merges = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        Node k = t.getKeyNode();
        if (k instanceof ScalarNode ks && ks.isPlain() && "<<".equals(ks.getValue())) {
          if (t.getValueNode() instanceof SequenceNode seq) {
            merges.addAll(seq.getValue());
          } else {
            merges.add(t.getValueNode());
          }
          continue;
        }
        if (!(k instanceof ScalarNode ks)) {
          throw new ComposeException(k.getStartMark().map(mk -> at(file, mk)).orElse(file)
              + ": yaml: mapping keys must be scalars");
        }
        String key = ks.getValue();
        if (out.containsKey(key)) {
          throw new ComposeException(k.getStartMark().map(mk -> at(file, mk)).orElse(file)
              + ": yaml: mapping key \"" + key + "\" already defined");
        }
        out.put(key, convert(t.getValueNode(), child(path, key)));
      }
      // Merge keys: explicit keys win, then the merged maps in the order given (YAML 1.1 merge semantics).
      for (Node src : merges) {
        if (!(src instanceof MappingNode)) {
          throw new ComposeException(src.getStartMark().map(mk -> at(file, mk)).orElse(file)
              + ": yaml: map merge requires map or sequence of maps as the value");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) convert(src, path);
        merged.forEach(out::putIfAbsent);
      }
      return out;
    }

    private Object scalar(ScalarNode s) {
      Tag tag = s.getTag();
      String v = s.getValue();
      if (!s.isPlain() && !(tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL)
          || tag.equals(Tag.NULL))) {
        return v;
      }
      if (tag.equals(Tag.NULL)) {
        return null;
      }
      if (tag.equals(Tag.BOOL)) {
        return Boolean.parseBoolean(v.toLowerCase());
      }
      if (tag.equals(Tag.INT)) {
        return parseInt(v);
      }
      if (tag.equals(Tag.FLOAT)) {
        return parseFloat(v);
      }
      return v;
    }
  }

  /** A core-schema typed value of a plain string ({@code 42}, {@code true}, {@code 1.5}), or the string itself. */
  static Object coreType(String v) {
    if (v.matches("null|Null|NULL|~") || v.isEmpty()) {
      return v.isEmpty() ? v : null;
    }
    if (v.matches("true|True|TRUE|false|False|FALSE")) {
      return Boolean.parseBoolean(v.toLowerCase());
    }
    if (v.matches("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")) {
      return parseInt(v);
    }
    if (v.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)")) {
      return parseFloat(v);
    }
    return v;
  }

  private static Object parseInt(String v) {
    BigInteger b;
    if (v.startsWith("0o")) {
      b = new BigInteger(v.substring(2), 8);
    } else if (v.startsWith("0x")) {
      b = new BigInteger(v.substring(2), 16);
    } else if (v.matches("0[0-7]+")) {
      // compose's YAML decoder (go-yaml) reads a leading zero as octal: file modes like 0440 mean what they say.
      b = new BigInteger(v.substring(1), 8);
    } else {
      b = new BigInteger(v.startsWith("+") ? v.substring(1) : v);
    }
    return b.bitLength() < 64 ? (Object) b.longValue() : b.doubleValue();
  }

  private static Object parseFloat(String v) {
    String l = v.toLowerCase();
    if (l.endsWith(".inf")) {
      return l.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (l.equals(".nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(v);
  }
}
