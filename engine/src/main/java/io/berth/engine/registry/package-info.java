/**
 * berthd's side of image distribution: pull ({@code POST /images/create?fromImage=}), push and
 * login, over the {@code distribution} module's registry client, reporting Docker's JSON progress
 * messages as they go.
 */
package io.berth.engine.registry;
