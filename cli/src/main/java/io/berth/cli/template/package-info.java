/**
 * Go's {@code text/template} as the docker CLI uses it for {@code --format}: the lexer, parser and
 * executor follow Go's rules and error messages (trim markers, comments, pipelines, variables,
 * {@code if}/{@code else if}/{@code range}/{@code with}/{@code break}/{@code continue}, Go's
 * built-in functions and docker's {@code json}, {@code split}, {@code join}, {@code title},
 * {@code lower}, {@code upper}, {@code pad}, {@code truncate}). Data is a JSON tree
 * (see {@link io.berth.client.json}) or a {@link io.berth.cli.template.RowContext}; a
 * {@link io.berth.cli.template.Schema} tells which JSON objects were Go maps, slices or pointers
 * in docker's types, so that missing keys and nulls print as docker prints them.
 * {@code define}/{@code template}/{@code block} are not supported. Parsed templates are immutable
 * and thread-safe.
 */
package io.berth.cli.template;
