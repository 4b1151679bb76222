package io.berth.cli.command;

import io.berth.cli.Main;

/** A management command ({@code image}, {@code system}) whose subcommands reach the root through it. */
interface CommandGroup {
  Main main();
}
