/**
 * {@code berth build}'s client side: the build context sent to {@code POST /build}
 * ({@link io.berth.cli.build.BuildContext} resolves the arguments as the docker CLI does,
 * {@link io.berth.cli.build.ContextTar} streams a directory as a tar honouring {@code .dockerignore})
 * and the rendering of the daemon's messages ({@link io.berth.cli.build.PlainRenderer}: docker's
 * legacy-builder text; {@link io.berth.cli.build.TtyRenderer}: a compact live view).
 *
 * <p>The context tar lives here rather than in {@code client}: it needs Commons Compress, which the
 * CLI already carries (cp) and the client module does not, and it is the CLI's job (the API takes any tar).
 */
package io.berth.cli.build;
