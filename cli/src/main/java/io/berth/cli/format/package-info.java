/**
 * Output formatting that reproduces the docker CLI 28 byte for byte: Go's tabwriter, go-units'
 * human durations and sizes, {@code strconv.Quote}, port grouping, the {@code ps} and
 * {@code images} tables, and a small subset of Go templates for {@code --format}. Pure functions
 * of their input and a clock; no I/O.
 */
package io.berth.cli.format;
