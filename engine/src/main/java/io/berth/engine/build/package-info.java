/**
 * Dockerfile builds, the way Docker's classic builder does them: every step runs on the image the
 * previous one produced and commits a new, untagged intermediate image (a layer when files changed,
 * a history entry only for metadata). RUN executes in a real container, COPY/ADD extract into a
 * created container's root; the {@link io.berth.engine.build.BuildCache} maps each step's key (parent
 * image + instruction as executed + build args in use + checksum of copied files) to the image it
 * produced, so an unchanged rebuild runs nothing. Only the stages the target needs are built;
 * independent stages run in parallel and their output is replayed in order.
 */
package io.berth.engine.build;
