package io.berth.cli.template;

import io.berth.cli.template.Lexer.Item;
import io.berth.cli.template.Lexer.Kind;
import io.berth.cli.template.Node.ActionNode;
import io.berth.cli.template.Node.BoolNode;
import io.berth.cli.template.Node.BranchNode;
import io.berth.cli.template.Node.BreakNode;
import io.berth.cli.template.Node.ChainNode;
import io.berth.cli.template.Node.CommandNode;
import io.berth.cli.template.Node.ContinueNode;
import io.berth.cli.template.Node.DotNode;
import io.berth.cli.template.Node.FieldNode;
import io.berth.cli.template.Node.IdentifierNode;
import io.berth.cli.template.Node.ListNode;
import io.berth.cli.template.Node.NilNode;
import io.berth.cli.template.Node.NumberNode;
import io.berth.cli.template.Node.PipeNode;
import io.berth.cli.template.Node.StringNode;
import io.berth.cli.template.Node.TextNode;
import io.berth.cli.template.Node.VariableNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Go's template parser ({@code text/template/parse/parse.go}): the same grammar, the same checks
 * at parse time (functions must exist, variables must be declared, {@code break} only in
 * {@code range}) and the same messages ({@code template: :1: missing value for if}).
 */
final class Parser {
  /** End-of-list markers returned by {@link #itemList}. */
  private record End(int pos) implements Marker {}

  private record Else(int pos) implements Marker {}

  private sealed interface Marker permits End, Else {
    int pos();
  }

  private final List<Item> items;
  private final Set<String> functions;
  private final List<String> vars = new ArrayList<>(List.of("$"));
  private int i;
  private Item last;
  private int rangeDepth;
  private int actionLine;

  private Parser(List<Item> items, Set<String> functions) {
    this.items = items;
    this.functions = functions;
  }

  static ListNode parse(String text, Set<String> functions) {
    Parser p = new Parser(Lexer.lex(text), functions);
    return p.parseRoot();
  }

  // ---- token cursor ------------------------------------------------------------------------------

  private Item next() {
    Item it = items.get(Math.min(i, items.size() - 1));
    i++;
    last = it;
    return it;
  }

  private void backup() { i--; }

  private Item peek() { return items.get(Math.min(i, items.size() - 1)); }

  private Item nextNonSpace() {
    Item it;
    do {
      it = next();
    } while (it.kind() == Kind.SPACE);
    return it;
  }

  private Item peekNonSpace() {
    Item it = nextNonSpace();
    backup();
    return it;
  }

  private TemplateException error(String msg) {
    int line = last == null ? 1 : last.line();
    return new TemplateException("template: :" + line + ": " + msg, true, "");
  }

  private TemplateException unexpected(Item token, String context) {
    if (token.kind() == Kind.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != token.line()) {
        extra = " in action started at :" + actionLine;
        if (token.val().endsWith(" action")) extra = extra.substring(" in action".length());
      }
      return error(token + extra);
    }
    return error("unexpected " + token + " in " + context);
  }

  private Item expect(Kind kind, String context) {
    Item t = nextNonSpace();
    if (t.kind() != kind) throw unexpected(t, context);
    return t;
  }

  // ---- grammar -----------------------------------------------------------------------------------

  private ListNode parseRoot() {
    List<Node> nodes = new ArrayList<>();
    while (peek().kind() != Kind.EOF) {
      Object n = textOrAction();
      if (n instanceof End) throw error("unexpected {{end}}");
      if (n instanceof Else) throw error("unexpected {{else}}");
      nodes.add((Node) n);
    }
    return new ListNode(0, List.copyOf(nodes));
  }

  /** The nodes up to an {@code {{end}}} or {@code {{else}}}, and that marker. */
  private Object[] itemList() {
    int pos = peekNonSpace().pos();
    List<Node> nodes = new ArrayList<>();
    while (peekNonSpace().kind() != Kind.EOF) {
      Object n = textOrAction();
      if (n instanceof Marker) return new Object[] {new ListNode(pos, List.copyOf(nodes)), n};
      nodes.add((Node) n);
    }
    throw error("unexpected EOF");
  }

  /** A node, or an {@link End} / {@link Else} marker. */
  private Object textOrAction() {
    Item token = nextNonSpace();
    switch (token.kind()) {
      case TEXT -> {
        return new TextNode(token.pos(), token.val());
      }
      case LEFT_DELIM -> {
        int saved = actionLine;
        actionLine = token.line();
        try {
          return action();
        } finally {
          actionLine = saved;
        }
      }
      default -> throw unexpected(token, "input");
    }
  }

  private Object action() {
    Item token = nextNonSpace();
    switch (token.kind()) {
      case BREAK, CONTINUE -> {
        String word = token.kind() == Kind.BREAK ? "break" : "continue";
        Item t = nextNonSpace();
        if (t.kind() != Kind.RIGHT_DELIM) throw unexpected(t, "{{" + word + "}}");
        if (rangeDepth == 0) throw error("{{" + word + "}} outside {{range}}");
        return token.kind() == Kind.BREAK ? new BreakNode(token.pos()) : new ContinueNode(token.pos());
      }
      case ELSE -> {
        Item p = peekNonSpace();
        if (p.kind() == Kind.IF || p.kind() == Kind.WITH) return new Else(p.pos());
        return new Else(expect(Kind.RIGHT_DELIM, "else").pos());
      }
      case END -> {
        return new End(expect(Kind.RIGHT_DELIM, "end").pos());
      }
      case IF -> {
        return control(Node.Branch.IF, "if");
      }
      case RANGE -> {
        return control(Node.Branch.RANGE, "range");
      }
      case WITH -> {
        return control(Node.Branch.WITH, "with");
      }
      case DEFINE, TEMPLATE, BLOCK -> throw error("{{" + token.val() + "}} is not supported by berth");
      default -> {
        backup();
        Item p = peek();
        return new ActionNode(p.pos(), pipeline("command", Kind.RIGHT_DELIM));
      }
    }
  }

  private BranchNode control(Node.Branch kind, String context) {
    int saved = vars.size();
    try {
      PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
      if (kind == Node.Branch.RANGE) rangeDepth++;
      Object[] r = itemList();
      if (kind == Node.Branch.RANGE) rangeDepth--;
      ListNode list = (ListNode) r[0];
      ListNode elseList = null;
      if (r[1] instanceof Else e) {
        if (kind == Node.Branch.IF && peek().kind() == Kind.IF) {
          next();
          elseList = new ListNode(e.pos(), List.of(control(Node.Branch.IF, "if")));
        } else if (kind == Node.Branch.WITH && peek().kind() == Kind.WITH) {
          next();
          elseList = new ListNode(e.pos(), List.of(control(Node.Branch.WITH, "with")));
        } else {
          Object[] r2 = itemList();
          elseList = (ListNode) r2[0];
          if (!(r2[1] instanceof End)) throw error("expected end; found {{else}}");
        }
      }
      return new BranchNode(pipe.pos(), kind, pipe, list, elseList);
    } finally {
      while (vars.size() > saved) vars.removeLast();
    }
  }

  private PipeNode pipeline(String context, Kind end) {
    int pos = peekNonSpace().pos();
    boolean isAssign = false;
    List<String> decl = new ArrayList<>();
    while (true) {
      int mark = i;
      if (peekNonSpace().kind() != Kind.VARIABLE) {
        i = mark;
        break;
      }
      Item v = nextNonSpace();
      Item n = peekNonSpace();
      if (n.kind() == Kind.ASSIGN || n.kind() == Kind.DECLARE) {
        isAssign = n.kind() == Kind.ASSIGN;
        nextNonSpace();
        decl.add(v.val());
        vars.add(v.val());
        break;
      } else if (n.kind() == Kind.CHAR && n.val().equals(",")) {
        nextNonSpace();
        decl.add(v.val());
        vars.add(v.val());
        if (context.equals("range") && decl.size() < 2) {
          Kind k = peekNonSpace().kind();
          if (k == Kind.VARIABLE || k == Kind.RIGHT_DELIM || k == Kind.RIGHT_PAREN) continue;
          throw error("range can only initialize variables");
        }
        throw error("too many declarations in " + context);
      } else {
        i = mark; // "$x foo": an argument, not a declaration
        break;
      }
    }
    List<CommandNode> cmds = new ArrayList<>();
    while (true) {
      Item token = nextNonSpace();
      if (token.kind() == end) {
        if (cmds.isEmpty()) throw error("missing value for " + context);
        for (int k = 1; k < cmds.size(); k++) {
          Node first = cmds.get(k).args().getFirst();
          if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
              || first instanceof NumberNode || first instanceof StringNode) {
            throw error("non executable command in pipeline stage " + (k + 1));
          }
        }
        return new PipeNode(pos, isAssign, List.copyOf(decl), List.copyOf(cmds));
      }
      switch (token.kind()) {
        case BOOL, CHAR_CONSTANT, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING, VARIABLE, LEFT_PAREN -> {
          backup();
          cmds.add(command());
        }
        default -> throw unexpected(token, context);
      }
    }
  }

  private CommandNode command() {
    int pos = peekNonSpace().pos();
    List<Node> args = new ArrayList<>();
    while (true) {
      peekNonSpace();
      Node operand = operand();
      if (operand != null) args.add(operand);
      Item token = next();
      if (token.kind() == Kind.SPACE) continue;
      if (token.kind() == Kind.RIGHT_DELIM || token.kind() == Kind.RIGHT_PAREN) backup();
      else if (token.kind() != Kind.PIPE) throw unexpected(token, "operand");
      break;
    }
    if (args.isEmpty()) throw error("empty command");
    return new CommandNode(pos, List.copyOf(args));
  }

  private Node operand() {
    Node node = term();
    if (node == null) return null;
    if (peek().kind() == Kind.FIELD) {
      int chainPos = peek().pos();
      List<String> fields = new ArrayList<>();
      while (peek().kind() == Kind.FIELD) fields.add(next().val().substring(1));
      switch (node) {
        case FieldNode f -> {
          List<String> all = new ArrayList<>(f.idents());
          all.addAll(fields);
          return new FieldNode(chainPos, List.copyOf(all));
        }
        case VariableNode v -> {
          List<String> all = new ArrayList<>(v.idents());
          all.addAll(fields);
          return new VariableNode(chainPos, List.copyOf(all));
        }
        case BoolNode b -> throw error("unexpected . after term " + GoStrings.quote(b.toString()));
        case StringNode s -> throw error("unexpected . after term " + GoStrings.quote(s.toString()));
        case NumberNode n -> throw error("unexpected . after term " + GoStrings.quote(n.toString()));
        case NilNode n -> throw error("unexpected . after term " + GoStrings.quote(n.toString()));
        case DotNode d -> throw error("unexpected . after term " + GoStrings.quote(d.toString()));
        default -> {
          return new ChainNode(chainPos, node, List.copyOf(fields));
        }
      }
    }
    return node;
  }

  private Node term() {
    Item token = nextNonSpace();
    switch (token.kind()) {
      case IDENTIFIER -> {
        if (!functions.contains(token.val())) throw error("function " + GoStrings.quote(token.val()) + " not defined");
        return new IdentifierNode(token.pos(), token.val());
      }
      case DOT -> {
        return new DotNode(token.pos());
      }
      case NIL -> {
        return new NilNode(token.pos());
      }
      case VARIABLE -> {
        List<String> idents = List.of(token.val().split("\\.", -1));
        if (!vars.contains(idents.getFirst())) throw error("undefined variable " + GoStrings.quote(idents.getFirst()));
        return new VariableNode(token.pos(), idents);
      }
      case FIELD -> {
        return new FieldNode(token.pos(), List.of(token.val().substring(1)));
      }
      case BOOL -> {
        return new BoolNode(token.pos(), token.val().equals("true"));
      }
      case NUMBER, CHAR_CONSTANT -> {
        return number(token);
      }
      case LEFT_PAREN -> {
        return pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
      }
      case STRING, RAW_STRING -> {
        try {
          return new StringNode(token.pos(), token.val(), GoStrings.unquote(token.val()));
        } catch (RuntimeException e) {
          throw error("invalid syntax");
        }
      }
      default -> {
        backup();
        return null;
      }
    }
  }

  private NumberNode number(Item token) {
    String text = token.val();
    if (token.kind() == Kind.CHAR_CONSTANT) {
      String s = GoStrings.unquote(text);
      return new NumberNode(token.pos(), text, (long) s.codePointAt(0));
    }
    String t = text.replace("_", "");
    try {
      boolean neg = t.startsWith("-");
      String u = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
      BigInteger v;
      if (u.startsWith("0x") || u.startsWith("0X")) v = new BigInteger(u.substring(2), 16);
      else if (u.startsWith("0b") || u.startsWith("0B")) v = new BigInteger(u.substring(2), 2);
      else if (u.startsWith("0o") || u.startsWith("0O")) v = new BigInteger(u.substring(2), 8);
      else if (u.matches("0[0-7]+")) v = new BigInteger(u.substring(1), 8);
      else if (u.matches("[0-9]+")) v = new BigInteger(u);
      else return new NumberNode(token.pos(), text, Double.parseDouble(t));
      return new NumberNode(token.pos(), text, (neg ? v.negate() : v).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw error("illegal number syntax: " + GoStrings.quote(text));
    }
  }
}
