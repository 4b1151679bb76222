package io.berth.engine.container;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Rendezvous for waiters: the next exit of a container and its removal. A future is taken before
 * the action that causes the event (start, kill), so no event is missed; each exit completes the
 * current "next exit" future and a fresh one replaces it.
 */
final class Exits {
  private final ConcurrentMap<String, CompletableFuture<Integer>> nextExit = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, CompletableFuture<Integer>> removed = new ConcurrentHashMap<>();

  CompletableFuture<Integer> nextExit(String id) {
    return nextExit.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  CompletableFuture<Integer> removed(String id) {
    return removed.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  void exited(String id, int code) {
    CompletableFuture<Integer> f = nextExit.remove(id);
    if (f != null) f.complete(code);
  }

  void removed(String id, int code) {
    exited(id, code);
    CompletableFuture<Integer> f = removed.remove(id);
    if (f != null) f.complete(code);
  }
}
