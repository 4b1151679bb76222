/**
 * The {@code berth} command line: a docker-compatible CLI over {@link io.berth.client.EngineClient}.
 * {@link io.berth.cli.Main} is the entry point and root command; {@link io.berth.cli.Cli} is the
 * per-invocation context (streams, environment, lazily connected client); {@link io.berth.cli.ExitCodes}
 * maps failures to docker's exit statuses. Commands live in {@code io.berth.cli.command}, output
 * formatting in {@code io.berth.cli.format}.
 */
package io.berth.cli;
