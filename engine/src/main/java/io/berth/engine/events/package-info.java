/**
 * Daemon events (Docker's {@code /events}): the {@link io.berth.engine.events.Event} record and the
 * in-memory {@link io.berth.engine.events.EventBus} that services publish to and API streams read.
 */
package io.berth.engine.events;
