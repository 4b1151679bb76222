/**
 * Daemon events (Docker's {@code /events}): the {@link io.berth.engine.events.Event} record, the
 * in-memory {@link io.berth.engine.events.EventBus} that services publish to and API streams read,
 * and Docker's {@link io.berth.engine.events.EventFilter}.
 */
package io.berth.engine.events;
