/**
 * Networks: the predefined {@code bridge}, {@code host} and {@code none} networks and the choice of
 * the default bridge's subnet. Wiring containers into networks (CNI) comes with the networking work.
 */
package io.berth.engine.network;
