/**
 * {@code berth compose}: Docker Compose v2's commands over the converger of module compose. The
 * project comes from a {@link io.berth.cli.compose.ProjectSource} (the loader), so the commands are
 * independent of how files are read; their output, wording and exit statuses follow Compose's.
 */
package io.berth.cli.compose;
