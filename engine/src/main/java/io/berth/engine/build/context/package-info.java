/**
 * The build context on berthd's side: the body of {@code POST /build} unpacked into a private
 * directory ({@link io.berth.engine.build.context.ContextDir}), safely, with the context's own
 * {@code .dockerignore} applied. Spec: {@code specs/dockerfile/build-context-and-dockerignore.md}
 * and the Engine API's {@code /build} ("A tar archive compressed with one of the following
 * algorithms: identity (no compression), gzip, bzip2, xz").
 */
package io.berth.engine.build.context;
