/**
 * Compose (the compose-spec) for Berth: {@code model} is the loaded project, {@code load} turns files
 * into it, {@code converge} brings it up and down through the Engine API client. The {@code berth
 * compose} commands (module cli) sit on top.
 */
package io.berth.compose;
