/**
 * Container logs as conmon writes them (the CRI "k8s-file" format, one record per line:
 * {@code <RFC3339Nano time> <stdout|stderr> <P|F> <text>}), read back for the Docker logs API:
 * {@link io.berth.engine.logs.LogReader} yields {@link io.berth.engine.logs.LogEntry}s (partial
 * records joined into whole lines) from a file, optionally following it as conmon appends, and
 * {@link io.berth.engine.logs.JsonFileFormat} renders entries as Docker's json-file lines.
 *
 * <p>The log stays in conmon's format on disk: conmon has no json-file driver, and converting
 * on read is cheap.
 */
package io.berth.engine.logs;
