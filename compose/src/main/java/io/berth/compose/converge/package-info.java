/**
 * The converger: brings the engine to the state a {@link io.berth.compose.model.Project} describes
 * (networks, volumes, images, containers in dependency order) and back down, as Docker Compose v2
 * does. Containers carry Compose's labels, so a second {@code up} finds what the first created and
 * keeps every container whose config hash and image are unchanged. The engine is reached through
 * {@link io.berth.compose.converge.Engine}, a narrow port (the real one wraps the client's
 * {@code EngineClient}; planning tests use an in-memory one).
 */
package io.berth.compose.converge;
