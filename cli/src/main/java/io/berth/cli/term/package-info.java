/**
 * The CLI's terminal handling for interactive containers ({@code run -it}, {@code attach}): raw mode
 * on standard input and the window size, through the FFM API on the C library.
 */
package io.berth.cli.term;
