/**
 * The Dockerfile language: the parser (directives, escape character, line continuations, comments,
 * heredocs, JSON and shell forms, instruction flags) producing the sealed {@link
 * io.berth.engine.build.dockerfile.Instruction} records, and {@link
 * io.berth.engine.build.dockerfile.Substitution}, the variable expansion and quote removal the
 * reference defines. Nothing here touches the file system or the daemon: the build executor
 * ({@code io.berth.engine.build}) gives meaning to the instructions.
 *
 * <p>{@link io.berth.engine.build.dockerfile.DockerfileParser} is the entry point; {@code LineReader}
 * makes logical lines, {@code Syntax} splits arguments the way docker's line parsers do,
 * {@code Flags} checks {@code --flags}, {@code Heredocs} finds heredoc words and
 * {@code InstructionBuilder} applies each instruction's rules. Where the reference is silent, docker's
 * parser is followed, messages included (checked against dockerd's legacy builder).
 */
package io.berth.engine.build.dockerfile;
