/**
 * The local half of {@code berth cp}: docker's path rules (which directory an archive is extracted to,
 * and under which name: {@link io.berth.cli.cp.CpPaths}), a tar writer for local files
 * ({@link io.berth.cli.cp.LocalTar}) and an extractor that keeps an archive from a container inside the
 * destination directory ({@link io.berth.cli.cp.LocalUntar}).
 */
package io.berth.cli.cp;
