/**
 * Docker's display of JSON progress streams (pull, push, and a pull started by run/create): on a
 * terminal one line per layer ID, updated in place with cursor movement and a progress bar; plain
 * lines otherwise. The output is byte-for-byte what the docker CLI 28 prints for the same stream.
 */
package io.berth.cli.progress;
