/** One class per {@code berth} command, each mirroring the docker CLI command of the same name. */
package io.berth.cli.command;
