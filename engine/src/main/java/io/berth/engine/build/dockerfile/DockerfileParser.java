package io.berth.engine.build.dockerfile;

import io.berth.oci.errors.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses Dockerfile text into {@link Instruction}s, following the Dockerfile reference and, where it
 * is silent, docker's parser: directives, comments, continuations and heredocs ({@link LineReader}),
 * argument forms and flags ({@link InstructionBuilder}). Errors are {@link BerthException.InvalidArgument}
 * with the file name and the instruction's first line: {@code Dockerfile:3: unknown instruction: FORM}.
 */
public final class DockerfileParser {
  private DockerfileParser() {}

  /**
   * Parses a whole Dockerfile. {@code name} is the file name as the user gave it (for errors). Only
   * ARG may come before the first FROM.
   */
  public static Dockerfile parse(String name, String text) {
    if (text.isEmpty()) throw BerthException.invalid("%s", "the Dockerfile (" + name + ") cannot be empty");
    LineReader reader = new LineReader(text, true);
    List<Instruction> instructions = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean inStage = false;
    int line = 0;
    try {
      for (Optional<LineReader.Line> next = reader.next(); next.isPresent(); next = reader.next()) {
        line = next.get().start();
        if (next.get().emptyContinuation()) {
          warnings.add("[WARNING]: Empty continuation line found in:\n    " + next.get().text().strip());
        }
        Instruction instruction = new InstructionBuilder(reader.escape(), reader).build(next.get());
        if (instruction instanceof Instruction.From) {
          inStage = true;
        } else if (!inStage && !(instruction instanceof Instruction.Arg)) {
          throw new Syntax.Error("no build stage in current context");
        }
        instructions.add(instruction);
      }
    } catch (LineReader.SyntaxError e) {
      throw error(name, e.line, e.getMessage());
    } catch (Syntax.Error e) {
      throw error(name, line, e.getMessage());
    }
    if (instructions.isEmpty()) throw BerthException.invalid("%s", "failed to parse " + name + ": file with no instructions");
    if (!warnings.isEmpty()) warnings.add("[WARNING]: Empty continuation lines will become errors in a future release.");
    return new Dockerfile(name, reader.escape(), reader.syntax(), List.copyOf(instructions), warnings);
  }

  /**
   * Parses an ONBUILD trigger (the text after {@code ONBUILD}, heredoc bodies included) as the one
   * instruction it is, with the default escape character; {@code line} is the downstream FROM's line,
   * for errors and for the instruction. ONBUILD, FROM and MAINTAINER triggers are refused.
   */
  public static Instruction parseTrigger(String name, String trigger, int line) {
    LineReader reader = new LineReader(trigger, false);
    try {
      Optional<LineReader.Line> first = reader.next();
      if (first.isEmpty()) throw new Syntax.Error("onbuild trigger should be a single expression");
      InstructionBuilder.checkTrigger(Syntax.split(first.get().text(), reader.escape()).keyword());
      Instruction instruction = new InstructionBuilder(reader.escape(), reader)
          .build(new LineReader.Line(line, first.get().text(), false));
      if (reader.next().isPresent()) throw new Syntax.Error("onbuild trigger should be a single expression");
      return instruction;
    } catch (LineReader.SyntaxError | Syntax.Error e) {
      throw error(name, line, e.getMessage());
    }
  }

  private static BerthException error(String name, int line, String message) {
    return BerthException.invalid("%s", name + ":" + line + ": " + message);
  }
}
