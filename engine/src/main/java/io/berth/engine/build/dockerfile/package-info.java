/**
 * The Dockerfile language: the parser (directives, escape character, line continuations, comments,
 * heredocs, JSON and shell forms, instruction flags) producing the sealed {@link
 * io.berth.engine.build.dockerfile.Instruction} records, and {@link
 * io.berth.engine.build.dockerfile.Substitution}, the variable expansion and quote removal the
 * reference defines. Nothing here touches the file system or the daemon: the build executor
 * ({@code io.berth.engine.build}) gives meaning to the instructions.
 */
package io.berth.engine.build.dockerfile;
