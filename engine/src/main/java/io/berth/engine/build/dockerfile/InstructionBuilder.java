package io.berth.engine.build.dockerfile;

import io.berth.engine.build.dockerfile.Instruction.Arg.ArgDecl;
import io.berth.engine.build.dockerfile.Instruction.Command;
import io.berth.engine.build.dockerfile.Instruction.Heredoc;
import io.berth.engine.build.dockerfile.Instruction.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds one {@link Instruction} from a logical line: the argument form each keyword takes, its
 * flags, its heredoc bodies (read from the {@link LineReader}) and docker's argument checks and
 * messages. Errors are {@link Syntax.Error}s; the parser adds the file name and line.
 */
final class InstructionBuilder {
  private static final Set<String> HEREDOC_KEYWORDS = Set.of("run", "copy", "add");
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Pattern ONBUILD_PREFIX = Pattern.compile("^\\s*ONBUILD\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern LEADING_TABS = Pattern.compile("^\\t+", Pattern.MULTILINE | Pattern.UNIX_LINES);

  private final char escape;
  private final LineReader reader;

  InstructionBuilder(char escape, LineReader reader) {
    this.escape = escape;
    this.reader = reader;
  }

  /** The instruction on {@code line}; heredoc bodies it announces are read from the reader. */
  Instruction build(LineReader.Line line) {
    Syntax.Split split = Syntax.split(line.text(), escape);
    String keyword = split.keyword().toLowerCase(Locale.ROOT);
    Ctx c = new Ctx(line.start(), Text.trim(line.text()), line.text(), split.rest(), new Flags(split.flags()));
    return switch (keyword) {
      case "from" -> from(c);
      case "run" -> run(c);
      case "cmd" -> new Instruction.Cmd(c.line, c.original, command(c, Syntax.maybeJson(c.rest), false));
      case "entrypoint" -> new Instruction.Entrypoint(c.line, c.original, command(c, Syntax.maybeJson(c.rest), true));
      case "shell" -> shell(c);
      case "env" -> new Instruction.Env(c.line, c.original, pairs(c, "ENV"));
      case "label" -> new Instruction.Label(c.line, c.original, pairs(c, "LABEL"));
      case "arg" -> arg(c);
      case "maintainer" -> new Instruction.Maintainer(c.line, c.original, single(c, "MAINTAINER", true));
      case "workdir" -> new Instruction.Workdir(c.line, c.original, single(c, "WORKDIR", true));
      case "user" -> new Instruction.User(c.line, c.original, single(c, "USER", true));
      case "stopsignal" -> new Instruction.StopSignal(c.line, c.original, single(c, "STOPSIGNAL", false));
      case "expose" -> expose(c);
      case "volume" -> volume(c);
      case "copy" -> copy(c);
      case "add" -> add(c);
      case "healthcheck" -> healthcheck(c);
      case "onbuild" -> onbuild(c);
      default -> throw new Syntax.Error("unknown instruction: " + split.keyword().toUpperCase(Locale.ROOT));
    };
  }

  /** What every instruction needs: its line, text as docker prints it, raw text, arguments and flags. */
  private record Ctx(int line, String original, String text, String rest, Flags flags) {}

  private Instruction from(Ctx c) {
    List<String> args = Syntax.whitespaceList(c.rest);
    Optional<String> stage = Optional.empty();
    if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
      String name = args.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw new Syntax.Error("invalid name for build stage: " + Text.goQuote(args.get(2))
            + ", name can't start with a number or contain symbols");
      }
      stage = Optional.of(name);
    } else if (args.size() != 1) {
      throw new Syntax.Error("FROM requires either one or three arguments");
    }
    Flags.Flag platform = c.flags.string("platform");
    c.flags.parse();
    return new Instruction.From(c.line, c.original, args.getFirst(), stage, platform.value());
  }

  private Instruction run(Ctx c) {
    Syntax.Args args = Syntax.maybeJson(c.rest);
    List<Heredoc> heredocs = heredocs(c, args);
    Flags.Flag mount = c.flags.strings("mount");
    Flags.Flag network = c.flags.string("network");
    Flags.Flag security = c.flags.string("security");
    c.flags.parse();
    if (network.used() && !Set.of("default", "none", "host").contains(network.raw())) {
      throw new Syntax.Error("invalid network mode " + Text.goQuote(network.raw()));
    }
    if (security.used() && !Set.of("sandbox", "insecure").contains(security.raw())) {
      throw new Syntax.Error("security " + Text.goQuote(security.raw()) + " is not valid");
    }
    return new Instruction.Run(c.line, c.original, command(args, false), mount.values(),
        network.used() ? Optional.of(network.raw()) : Optional.empty(), heredocs,
        security.used() ? Optional.of(security.raw()) : Optional.empty());
  }

  private static Command command(Ctx c, Syntax.Args args, boolean emptyAsExec) {
    c.flags.parse();
    return command(args, emptyAsExec);
  }

  /**
   * The exec form, or the shell form's text. With no arguments at all, docker keeps a bare shell for
   * RUN and CMD ({@code Shell("")}) but clears ENTRYPOINT ({@code Exec([])}).
   */
  private static Command command(Syntax.Args args, boolean emptyAsExec) {
    if (args.json()) return new Command.Exec(args.values());
    if (args.values().isEmpty()) return emptyAsExec ? new Command.Exec(List.of()) : new Command.Shell("");
    return new Command.Shell(args.values().getFirst());
  }

  private Instruction shell(Ctx c) {
    Syntax.Args args = Syntax.maybeJson(c.rest);
    c.flags.parse();
    if (args.values().isEmpty()) throw new Syntax.Error("SHELL requires at least one argument");
    if (!args.json()) throw new Syntax.Error("SHELL requires the arguments to be in JSON form");
    return new Instruction.Shell(c.line, c.original, args.values());
  }

  private List<KeyValue> pairs(Ctx c, String keyword) {
    List<KeyValue> pairs = Syntax.nameValues(c.rest, keyword, escape);
    c.flags.parse();
    if (pairs.isEmpty()) throw new Syntax.Error(keyword + " requires at least one argument");
    for (KeyValue pair : pairs) {
      if (pair.key().isEmpty()) throw new Syntax.Error(keyword + " names can not be blank");
    }
    return pairs;
  }

  /** ARG: docker does not look at ARG's flags at all. */
  private Instruction arg(Ctx c) {
    List<String> words = Syntax.words(c.rest, escape);
    if (words.isEmpty()) throw new Syntax.Error("ARG requires at least one argument");
    List<ArgDecl> decls = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq == 0) throw new Syntax.Error("ARG names can not be blank");
      decls.add(eq < 0 ? new ArgDecl(word, Optional.empty())
          : new ArgDecl(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
    }
    return new Instruction.Arg(c.line, c.original, List.copyOf(decls));
  }

  /** The whole rest of the line as one argument (docker does not check STOPSIGNAL's flags). */
  private static String single(Ctx c, String keyword, boolean checkFlags) {
    if (c.rest.isEmpty()) throw new Syntax.Error(keyword + " requires exactly one argument");
    if (checkFlags) c.flags.parse();
    return c.rest;
  }

  private Instruction expose(Ctx c) {
    List<String> ports = Syntax.whitespaceList(c.rest);
    if (ports.isEmpty()) throw new Syntax.Error("EXPOSE requires at least one argument");
    c.flags.parse();
    return new Instruction.Expose(c.line, c.original, ports);
  }

  private Instruction volume(Ctx c) {
    Syntax.Args args = Syntax.maybeJsonList(c.rest);
    if (args.values().isEmpty()) throw new Syntax.Error("VOLUME requires at least one argument");
    c.flags.parse();
    List<String> paths = new ArrayList<>();
    for (String v : args.values()) {
      String path = Text.trim(v);
      if (path.isEmpty()) throw new Syntax.Error("VOLUME specified can not be an empty string");
      paths.add(path);
    }
    return new Instruction.Volume(c.line, c.original, List.copyOf(paths));
  }

  private Instruction copy(Ctx c) {
    Syntax.Args args = Syntax.maybeJsonList(c.rest);
    List<Heredoc> heredocs = heredocs(c, args);
    requireDestination(args, "COPY");
    Flags.Flag chown = c.flags.string("chown");
    Flags.Flag from = c.flags.string("from");
    Flags.Flag chmod = c.flags.string("chmod");
    Flags.Flag link = c.flags.bool("link");
    Flags.Flag excludes = c.flags.strings("exclude");
    Flags.Flag parents = c.flags.bool("parents");
    c.flags.parse();
    List<String> values = args.values();
    String dest = dest(values, "COPY");
    return new Instruction.Copy(c.line, c.original, values.subList(0, values.size() - 1), dest, from.value(),
        chown.value(), chmod.value(), link.isTrue(), excludes.values(), heredocs, parents.isTrue());
  }

  private Instruction add(Ctx c) {
    Syntax.Args args = Syntax.maybeJsonList(c.rest);
    List<Heredoc> heredocs = heredocs(c, args);
    requireDestination(args, "ADD");
    Flags.Flag chown = c.flags.string("chown");
    Flags.Flag chmod = c.flags.string("chmod");
    Flags.Flag link = c.flags.bool("link");
    Flags.Flag keepGitDir = c.flags.bool("keep-git-dir");
    Flags.Flag checksum = c.flags.string("checksum");
    Flags.Flag unpack = c.flags.bool("unpack");
    Flags.Flag excludes = c.flags.strings("exclude");
    c.flags.parse();
    List<String> values = args.values();
    String dest = dest(values, "ADD");
    return new Instruction.Add(c.line, c.original, values.subList(0, values.size() - 1), dest, chown.value(),
        chmod.value(), link.isTrue(), checksum.value(), keepGitDir.isTrue(), excludes.values(), heredocs,
        unpack.used() ? Optional.of(unpack.isTrue()) : Optional.empty());
  }

  private static void requireDestination(Syntax.Args args, String keyword) {
    if (args.values().size() < 2) {
      throw new Syntax.Error(keyword + " requires at least two arguments, but only one was provided. Destination could not be determined");
    }
  }

  private static String dest(List<String> values, String keyword) {
    String dest = values.getLast();
    if (Heredocs.parse(dest).isPresent()) throw new Syntax.Error(keyword + " cannot accept a heredoc as a destination");
    return dest;
  }

  private Instruction healthcheck(Ctx c) {
    if (c.rest.isEmpty()) throw new Syntax.Error("HEALTHCHECK requires at least one argument");
    int sep = 0;
    while (sep < c.rest.length() && !Text.isSpace(c.rest.charAt(sep))) sep++;
    String type = c.rest.substring(0, sep).toUpperCase(Locale.ROOT);
    Syntax.Args args = Syntax.maybeJson(Text.trimLeft(c.rest.substring(sep)));
    if (type.equals("NONE")) {
      // as in docker, HEALTHCHECK NONE does not look at its flags
      if (!args.values().isEmpty()) throw new Syntax.Error("HEALTHCHECK NONE takes no arguments");
      return new Instruction.Healthcheck(c.line, c.original, Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty());
    }
    Flags.Flag interval = c.flags.string("interval");
    Flags.Flag timeout = c.flags.string("timeout");
    Flags.Flag startPeriod = c.flags.string("start-period");
    Flags.Flag startInterval = c.flags.string("start-interval");
    Flags.Flag retries = c.flags.string("retries");
    c.flags.parse();
    if (!type.equals("CMD")) throw new Syntax.Error("Unknown type " + Text.goQuote(type) + " in HEALTHCHECK (try CMD)");
    if (args.values().isEmpty()) throw new Syntax.Error("Missing command after HEALTHCHECK CMD");
    Optional<String> i = Flags.interval("interval", interval);
    Optional<String> t = Flags.interval("timeout", timeout);
    Optional<String> sp = Flags.interval("start-period", startPeriod);
    Optional<String> si = Flags.interval("start-interval", startInterval);
    return new Instruction.Healthcheck(c.line, c.original, Optional.of(command(args, false)), i, t, sp, si,
        retries(retries.raw()));
  }

  private static Optional<Integer> retries(String value) {
    if (value.isEmpty()) return Optional.empty();
    long n;
    try {
      n = Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
    } catch (NumberFormatException e) {
      String why = value.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
      throw new Syntax.Error("strconv.ParseInt: parsing " + Text.goQuote(value) + ": " + why);
    }
    if (n > Integer.MAX_VALUE || n < Integer.MIN_VALUE) {
      throw new Syntax.Error("strconv.ParseInt: parsing " + Text.goQuote(value) + ": value out of range");
    }
    if (n < 1) throw new Syntax.Error("--retries must be at least 1 (not " + n + ")");
    return Optional.of((int) n);
  }

  private Instruction onbuild(Ctx c) {
    if (c.rest.isEmpty()) throw new Syntax.Error("ONBUILD requires at least one argument");
    Syntax.Split sub = Syntax.split(c.rest, escape);
    List<Heredoc> heredocs = List.of();
    String subKeyword = sub.keyword().toLowerCase(Locale.ROOT);
    if (HEREDOC_KEYWORDS.contains(subKeyword)) {
      Syntax.Args subArgs = subKeyword.equals("run") ? Syntax.maybeJson(sub.rest()) : Syntax.maybeJsonList(sub.rest());
      heredocs = readHeredocs(c, subArgs, false);
    }
    c.flags.parse();
    checkTrigger(sub.keyword());
    // as docker stores it: the text after ONBUILD, trailing blanks included
    StringBuilder trigger = new StringBuilder(ONBUILD_PREFIX.matcher(c.text).replaceFirst(""));
    // the trigger carries its heredoc bodies so that it can be parsed again in the downstream build
    for (Heredoc h : heredocs) trigger.append('\n').append(h.content()).append(h.name());
    return new Instruction.Onbuild(c.line, c.original, trigger.toString());
  }

  /** The instructions an ONBUILD may not trigger, with docker's messages. */
  static void checkTrigger(String keyword) {
    String upper = Text.trim(keyword).toUpperCase(Locale.ROOT);
    switch (upper) {
      case "ONBUILD" -> throw new Syntax.Error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "FROM", "MAINTAINER" -> throw new Syntax.Error(upper + " isn't allowed as an ONBUILD trigger");
      default -> { }
    }
  }

  private List<Heredoc> heredocs(Ctx c, Syntax.Args args) {
    return readHeredocs(c, args, true);
  }

  /**
   * Reads the bodies of the heredocs the line announces (not for the JSON form, as in docker).
   * {@code <<-} bodies lose their leading tabs when {@code chompBodies} (an ONBUILD keeps the body as
   * written: it is parsed again when triggered).
   */
  private List<Heredoc> readHeredocs(Ctx c, Syntax.Args args, boolean chompBodies) {
    if (args.json()) return List.of();
    List<Heredoc> out = new ArrayList<>();
    for (Heredocs.Word word : Heredocs.inLine(c.text)) {
      String content = reader.heredoc(word.name(), word.chomp(), c.line);
      if (word.chomp() && chompBodies) content = LEADING_TABS.matcher(content).replaceAll("");
      out.add(new Heredoc(word.name(), content, word.expand()));
    }
    return List.copyOf(out);
  }
}
