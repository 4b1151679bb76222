package io.berth.cli.template;

import java.util.List;

/**
 * The parse tree of a template, as Go's {@code text/template/parse} nodes. {@link #toString()}
 * gives Go's {@code Node.String()}, which execution errors quote ({@code at <.Foo>}); {@link #pos}
 * is the byte offset Go reports as the column.
 */
sealed interface Node {
  int pos();

  /** A run of nodes. */
  record ListNode(int pos, List<Node> nodes) implements Node {
    @Override public String toString() {
      var sb = new StringBuilder();
      nodes.forEach(sb::append);
      return sb.toString();
    }
  }

  record TextNode(int pos, String text) implements Node {
    @Override public String toString() { return text; }
  }

  /** {@code {{pipeline}}}: printed unless it declares variables. */
  record ActionNode(int pos, PipeNode pipe) implements Node {
    @Override public String toString() { return "{{" + pipe + "}}"; }
  }

  enum Branch { IF, RANGE, WITH }

  /** {@code if}, {@code range}, {@code with}; {@code elseList} is empty when there is no else. */
  record BranchNode(int pos, Branch kind, PipeNode pipe, ListNode list, ListNode elseList) implements Node {
    @Override public String toString() {
      String name = kind.name().toLowerCase();
      String s = "{{" + name + " " + pipe + "}}" + list;
      if (elseList != null) s += "{{else}}" + elseList;
      return s + "{{end}}";
    }
  }

  record BreakNode(int pos) implements Node {
    @Override public String toString() { return "{{break}}"; }
  }

  record ContinueNode(int pos) implements Node {
    @Override public String toString() { return "{{continue}}"; }
  }

  /** Commands joined by '|', optionally declaring ({@code :=}) or assigning ({@code =}) variables. */
  record PipeNode(int pos, boolean isAssign, List<String> decl, List<CommandNode> cmds) implements Node {
    @Override public String toString() {
      var sb = new StringBuilder();
      if (!decl.isEmpty()) sb.append(String.join(", ", decl)).append(isAssign ? " = " : " := ");
      for (int i = 0; i < cmds.size(); i++) {
        if (i > 0) sb.append(" | ");
        sb.append(cmds.get(i));
      }
      return sb.toString();
    }
  }

  record CommandNode(int pos, List<Node> args) implements Node {
    @Override public String toString() {
      var sb = new StringBuilder();
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) sb.append(' ');
        Node a = args.get(i);
        sb.append(a instanceof PipeNode ? "(" + a + ")" : a.toString());
      }
      return sb.toString();
    }
  }

  /** {@code .A.B}: fields of dot. */
  record FieldNode(int pos, List<String> idents) implements Node {
    @Override public String toString() { return "." + String.join(".", idents); }
  }

  /** {@code $}, {@code $x}, {@code $x.A}: idents[0] is the variable's name. */
  record VariableNode(int pos, List<String> idents) implements Node {
    @Override public String toString() { return String.join(".", idents); }
  }

  /** {@code (pipeline).A} or {@code $x.A} style: fields of a term. */
  record ChainNode(int pos, Node node, List<String> fields) implements Node {
    @Override public String toString() {
      String s = node instanceof PipeNode ? "(" + node + ")" : node.toString();
      return s + "." + String.join(".", fields);
    }
  }

  /** A function name. */
  record IdentifierNode(int pos, String name) implements Node {
    @Override public String toString() { return name; }
  }

  record DotNode(int pos) implements Node {
    @Override public String toString() { return "."; }
  }

  record NilNode(int pos) implements Node {
    @Override public String toString() { return "nil"; }
  }

  record BoolNode(int pos, boolean value) implements Node {
    @Override public String toString() { return Boolean.toString(value); }
  }

  /** A number constant; {@code value} is a Long when it is an integer, else a Double. */
  record NumberNode(int pos, String text, Object value) implements Node {
    @Override public String toString() { return text; }
  }

  record StringNode(int pos, String quoted, String text) implements Node {
    @Override public String toString() { return quoted; }
  }
}
