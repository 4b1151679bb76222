/**
 * The Docker Engine API over HTTP: version negotiation ({@link io.berth.engine.api.ApiVersion}), the
 * router, one routes class per resource (system, images, containers), the wire models kept apart
 * from the domain, and the one place where errors become HTTP statuses
 * ({@link io.berth.engine.api.ErrorMapper}).
 */
package io.berth.engine.api;
