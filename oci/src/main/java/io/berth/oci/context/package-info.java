/**
 * The build context's rules shared by the {@code berth} CLI (which sends a context) and berthd (which
 * receives one): {@link io.berth.oci.context.DockerIgnore}, Docker's {@code .dockerignore} matching.
 *
 * <p>Spec: {@code specs/dockerfile/build-context-and-dockerignore.md}, section ".dockerignore files";
 * the exact behaviour is moby's {@code patternmatcher} and {@code patternmatcher/ignorefile}.
 */
package io.berth.oci.context;
