package io.berth.cli.template;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's template executor ({@code text/template/exec.go}) over {@link Val}s: the walk, pipelines,
 * field chains, variables and calls, with Go's error messages and locations
 * ({@code template: :1:2: executing "" at <.Foo>: ...}). One instance per execution.
 */
final class Exec {
  private static final class Break extends RuntimeException {
    Break() { super(null, null, false, false); }
  }

  private static final class Continue extends RuntimeException {
    Continue() { super(null, null, false, false); }
  }

  private record Var(String name, Val value) {}

  private final String text;
  private final GoValues values;
  private final Map<String, Funcs.Func> funcs;
  private final StringBuilder out = new StringBuilder();
  private final List<Var> vars = new ArrayList<>();
  private Node at;

  Exec(String text, GoValues values, Map<String, Funcs.Func> funcs) {
    this.text = text;
    this.values = values;
    this.funcs = funcs;
  }

  GoValues values() { return values; }

  String run(ListNode root, Val dot) {
    vars.add(new Var("$", dot));
    try {
      walk(dot, root);
    } catch (TemplateException e) {
      throw new TemplateException(e.getMessage(), false, out.toString());
    }
    return out.toString();
  }

  // ---- errors ------------------------------------------------------------------------------------

  void at(Node n) { at = n; }

  TemplateException error(String msg) {
    if (at == null) return new TemplateException("template: : " + msg, false, out.toString());
    int pos = Math.min(at.pos(), text.length());
    String before = text.substring(0, pos);
    int nl = before.lastIndexOf('\n');
    int col = nl < 0 ? pos : pos - (nl + 1);
    int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
    String context = at.toString();
    if (context.codePointCount(0, context.length()) > 20) context = context.substring(0, context.offsetByCodePoints(0, 20)) + "...";
    return new TemplateException("template: :" + line + ":" + col + ": executing \"\" at <" + context + ">: " + msg,
        false, out.toString());
  }

  // ---- walk --------------------------------------------------------------------------------------

  private void walk(Val dot, Node node) {
    at(node);
    switch (node) {
      case ActionNode a -> {
        Val v = pipeline(dot, a.pipe());
        if (a.pipe().decl().isEmpty()) out.append(values.print(v));
      }
      case BranchNode b -> branch(dot, b);
      case ListNode l -> {
        for (Node n : l.nodes()) walk(dot, n);
      }
      case TextNode t -> out.append(t.text());
      case BreakNode b -> throw new Break();
      case ContinueNode c -> throw new Continue();
      default -> throw error("unknown node: " + node);
    }
  }

  private void branch(Val dot, BranchNode b) {
    int mark = vars.size();
    try {
      if (b.kind() == Node.Branch.RANGE) {
        range(dot, b);
        return;
      }
      Val v = pipeline(dot, b.pipe());
      if (values.truth(v)) {
        walk(b.kind() == Node.Branch.WITH ? v : dot, b.list());
      } else if (b.elseList() != null) {
        walk(dot, b.elseList());
      }
    } finally {
      while (vars.size() > mark) vars.removeLast();
    }
  }

  private void range(Val dot, BranchNode r) {
    Val v = pipeline(dot, r.pipe());
    List<Val[]> iterations = new ArrayList<>();
    switch (v.v()) {
      case List<?> l -> {
        for (int i = 0; i < l.size(); i++) iterations.add(new Val[] {Val.of((long) i), values.element(v, Schema.Kind.SLICE, l.get(i))});
      }
      case Map<?, ?> m when values.kind(v) == Schema.Kind.MAP -> {
        new TreeMap<>(m).forEach((k, x) -> iterations.add(new Val[] {Val.of(String.valueOf(k)), values.element(v, Schema.Kind.MAP, x)}));
      }
      case Long n -> {
        for (long i = 0; i < n; i++) iterations.add(new Val[] {Val.of(i), Val.of(i)});
      }
      case null -> { /* a nil slice or map: nothing */ }
      default -> {
        if (!v.missing()) throw error("range can't iterate over " + values.format(v));
      }
    }
    if (iterations.isEmpty()) {
      if (r.elseList() != null) walk(dot, r.elseList());
      return;
    }
    int mark = vars.size();
    for (Val[] it : iterations) {
      List<String> decl = r.pipe().decl();
      if (!decl.isEmpty()) {
        if (decl.size() == 1) setTopVar(1, it[1]);
        else {
          setTopVar(2, it[0]);
          setTopVar(1, it[1]);
        }
      }
      try {
        walk(it[1], r.list());
      } catch (Continue c) {
        // next iteration
      } catch (Break b) {
        break;
      } finally {
        while (vars.size() > mark) vars.removeLast();
      }
    }
  }

  // ---- pipelines and commands --------------------------------------------------------------------

  Val pipeline(Val dot, PipeNode pipe) {
    at(pipe);
    Val value = null;
    for (CommandNode cmd : pipe.cmds()) value = command(dot, cmd, value);
    for (String name : pipe.decl()) {
      if (pipe.isAssign()) setVar(name, value);
      else vars.add(new Var(name, value));
    }
    return value;
  }

  private Val command(Val dot, CommandNode cmd, Val fin) {
    Node first = cmd.args().getFirst();
    switch (first) {
      case FieldNode f -> {
        at(f);
        return fieldChain(dot, dot, f, f.idents(), cmd.args(), fin);
      }
      case ChainNode c -> {
        return chain(dot, c, cmd.args(), fin);
      }
      case IdentifierNode id -> {
        return function(dot, id, cmd, cmd.args(), fin);
      }
      case PipeNode p -> {
        notAFunction(cmd.args(), fin);
        return pipeline(dot, p);
      }
      case VariableNode v -> {
        return variable(dot, v, cmd.args(), fin);
      }
      default -> { /* literals below */ }
    }
    at(first);
    notAFunction(cmd.args(), fin);
    return switch (first) {
      case BoolNode b -> Val.of(b.value());
      case DotNode d -> dot;
      case NilNode n -> throw error("nil is not a command");
      case NumberNode n -> Val.of(n.value());
      case StringNode s -> Val.of(s.text());
      default -> throw error("can't evaluate command " + GoStrings.quote(first.toString()));
    };
  }

  private void notAFunction(List<Node> args, Val fin) {
    if (args.size() > 1 || fin != null) throw error("can't give argument to non-function " + args.getFirst());
  }

  private Val chain(Val dot, ChainNode c, List<Node> args, Val fin) {
    if (c.node() instanceof NilNode) throw error("indirection through explicit nil in " + c);
    Val receiver = arg(dot, Funcs.P.VALUE, c.node());
    return fieldChain(dot, receiver, c, c.fields(), args, fin);
  }

  private Val variable(Val dot, VariableNode v, List<Node> args, Val fin) {
    at(v);
    Val value = varValue(v.idents().getFirst());
    if (v.idents().size() == 1) {
      notAFunction(args, fin);
      return value;
    }
    return fieldChain(dot, value, v, v.idents().subList(1, v.idents().size()), args, fin);
  }

  private Val fieldChain(Val dot, Val receiver, Node node, List<String> idents, List<Node> args, Val fin) {
    int n = idents.size();
    for (int i = 0; i < n - 1; i++) receiver = field(dot, idents.get(i), node, null, null, receiver);
    return field(dot, idents.get(n - 1), node, args, fin, receiver);
  }

  private Val field(Val dot, String name, Node node, List<Node> args, Val fin, Val receiver) {
    boolean hasArgs = (args != null && args.size() > 1) || fin != null;
    if (receiver.missing()) {
      if (values.mode() == GoValues.Mode.RAW) throw error("nil data; no entry for key " + GoStrings.quote(name));
      return Val.MISSING;
    }
    Object r = receiver.v();
    if (r instanceof RowContext row) {
      if (name.equals("Label") && row.hasLabel()) {
        List<Val> argv = callArgs(dot, List.of(Funcs.P.STRING), false, name, args, fin);
        return Val.of(row.label((String) argv.getFirst().v()));
      }
      if (row.mapLike()) {
        if (hasArgs) throw error(name + " is not a method but has arguments");
        return row.hasField(name) ? Val.of(row.field(name)) : Val.MISSING;
      }
      if (row.hasField(name)) {
        callArgs(dot, List.of(), false, name, args, fin);
        Object v = row.field(name);
        return Val.of(v == null ? Val.NIL_POINTER : v);
      }
      throw error("can't evaluate field " + name + " in type " + row.typeName());
    }
    if (r == null) {
      String type = values.mode() == GoValues.Mode.TYPED && receiver.path() != null ? "*" + receiver.path() : "interface {}";
      throw error("nil pointer evaluating " + type + "." + name);
    }
    if (r instanceof Map<?, ?> m) {
      Schema.Kind kind = values.kind(receiver);
      if (hasArgs) {
        throw error(kind == Schema.Kind.STRUCT ? name + " has arguments but cannot be invoked as function"
            : name + " is not a method but has arguments");
      }
      if (kind == Schema.Kind.STRUCT && values.mode() == GoValues.Mode.TYPED && receiver.path() != null) {
        // a typed struct is read by Go field names, which differ from the JSON names for a few fields
        for (Map.Entry<?, ?> e : m.entrySet()) {
          String json = String.valueOf(e.getKey());
          if (values.schema().goName(Schema.child(receiver.path(), json), json).equals(name)) {
            return values.field(receiver, json, e.getValue());
          }
        }
      } else if (m.containsKey(name)) {
        return kind == Schema.Kind.MAP ? values.element(receiver, kind, m.get(name)) : values.field(receiver, name, m.get(name));
      }
      if (kind == Schema.Kind.STRUCT && values.mode() == GoValues.Mode.TYPED && receiver.path() != null) {
        var zero = values.schema().omittedZero(Schema.child(receiver.path(), name));
        if (zero.isPresent()) return values.field(receiver, name, zero.get() == Schema.NULL ? null : zero.get());
        throw error("can't evaluate field " + name + " in type " + receiver.goType(values.schema()));
      }
      if (values.mode() == GoValues.Mode.RAW) throw error("map has no entry for key " + GoStrings.quote(name));
      return Val.MISSING;
    }
    // a value out of a raw JSON map is an interface {} to Go; literals and typed values have their own type
    String type = values.mode() == GoValues.Mode.RAW && receiver.path() != null ? "interface {}" : receiver.goType(null);
    throw error("can't evaluate field " + name + " in type " + type);
  }

  private Val function(Val dot, IdentifierNode id, CommandNode cmd, List<Node> args, Val fin) {
    at(id);
    Funcs.Func f = funcs.get(id.name());
    if (f == null) throw error(GoStrings.quote(id.name()) + " is not a defined function");
    if (f.name().equals("and") || f.name().equals("or")) return andOr(dot, f.name().equals("or"), args, fin);
    List<Val> argv = callArgs(dot, f.params(), f.variadic(), f.name(), args, fin);
    try {
      return f.impl().call(this, argv);
    } catch (Funcs.CallError e) {
      at(cmd);
      throw error("error calling " + f.name() + ": " + e.getMessage());
    }
  }

  private Val andOr(Val dot, boolean or, List<Node> args, Val fin) {
    int numIn = args.size() - 1 + (fin != null ? 1 : 0);
    if (numIn < 1) throw error("wrong number of args for " + (or ? "or" : "and") + ": want at least 1 got 0");
    Val v = null;
    for (Node a : args.subList(1, args.size())) {
      v = arg(dot, Funcs.P.VALUE, a);
      if (values.truth(v) == or) return v;
    }
    return fin != null ? fin : v;
  }

  /** Evaluates a call's arguments (args[0] is the function or method) and checks them against its parameters. */
  private List<Val> callArgs(Val dot, List<Funcs.P> params, boolean variadic, String name, List<Node> args, Val fin) {
    List<Node> real = args == null || args.isEmpty() ? List.of() : args.subList(1, args.size());
    int numIn = real.size() + (fin != null ? 1 : 0);
    int numFixed = variadic ? params.size() - 1 : params.size();
    if (variadic) {
      if (numIn < numFixed) throw error("wrong number of args for " + name + ": want at least " + numFixed + " got " + real.size());
    } else if (numIn != params.size()) {
      throw error("wrong number of args for " + name + ": want " + params.size() + " got " + numIn);
    }
    List<Val> argv = new ArrayList<>();
    for (int i = 0; i < real.size(); i++) {
      Funcs.P p = i < numFixed ? params.get(i) : params.getLast();
      argv.add(arg(dot, p, real.get(i)));
    }
    if (fin != null) argv.add(validate(fin, params.getLast()));
    return argv;
  }

  /** Go's evalArg: a node as an argument of parameter type {@code p}. */
  private Val arg(Val dot, Funcs.P p, Node n) {
    at(n);
    switch (n) {
      case DotNode d -> {
        return validate(dot, p);
      }
      case NilNode nil -> {
        if (p == Funcs.P.ANY || p == Funcs.P.VALUE || p == Funcs.P.STRINGS) return Val.of(null);
        throw error("cannot assign nil to " + p.goName());
      }
      case FieldNode f -> {
        return validate(fieldChain(dot, dot, f, f.idents(), List.of(n), null), p);
      }
      case VariableNode v -> {
        return validate(variable(dot, v, null, null), p);
      }
      case PipeNode pipe -> {
        return validate(pipeline(dot, pipe), p);
      }
      case IdentifierNode id -> {
        return validate(function(dot, id, new CommandNode(id.pos(), List.of(id)), List.of(id), null), p);
      }
      case ChainNode c -> {
        return validate(chain(dot, c, List.of(), null), p);
      }
      default -> { /* literals below */ }
    }
    return switch (p) {
      case STRING -> {
        if (n instanceof StringNode s) yield Val.of(s.text());
        throw error("expected string; found " + n);
      }
      case INT -> {
        if (n instanceof NumberNode num && num.value() instanceof Long) yield Val.of(num.value());
        throw error("expected integer; found " + n);
      }
      case STRINGS -> throw error("can't handle " + n + " for arg of type []string");
      default -> switch (n) {
        case BoolNode b -> Val.of(b.value());
        case NumberNode num -> Val.of(num.value());
        case StringNode s -> Val.of(s.text());
        default -> throw error("can't handle " + n + " for arg of type " + p.goName());
      };
    };
  }

  /** Go's validateType: a value for parameter type {@code p}. */
  private Val validate(Val v, Funcs.P p) {
    if (p == Funcs.P.VALUE) return v;
    if (v.missing()) {
      if (p == Funcs.P.ANY) return Val.of(null);
      throw error("invalid value; expected " + p.goName());
    }
    boolean ok = switch (p) {
      case STRING -> v.v() instanceof String;
      case INT -> v.v() instanceof Long || v.v() instanceof Integer
          || (v.v() instanceof java.math.BigDecimal d && d.stripTrailingZeros().scale() <= 0);
      case STRINGS -> v.v() instanceof List<?> l && l.stream().allMatch(x -> x instanceof String);
      default -> true;
    };
    if (!ok) throw error("wrong type for value; expected " + p.goName() + "; got " + v.goType(values.schema()));
    if (p == Funcs.P.INT && !(v.v() instanceof Long)) return Val.of(((Number) v.v()).longValue());
    return v;
  }

  // ---- variables ---------------------------------------------------------------------------------

  private Val varValue(String name) {
    for (int i = vars.size() - 1; i >= 0; i--) if (vars.get(i).name().equals(name)) return vars.get(i).value();
    throw error("undefined variable: " + name);
  }

  private void setVar(String name, Val v) {
    for (int i = vars.size() - 1; i >= 0; i--) {
      if (vars.get(i).name().equals(name)) {
        vars.set(i, new Var(name, v));
        return;
      }
    }
    throw error("undefined variable: " + name);
  }

  private void setTopVar(int n, Val v) {
    int i = vars.size() - n;
    vars.set(i, new Var(vars.get(i).name(), v));
  }
}
