package io.berth.engine.api;

import java.nio.file.Path;
import java.util.Map;

/** What the daemon tells /info and /version about itself. */
public record DaemonInfo(String version, String gitCommit, String engineId, Path dataRoot, String defaultRuntime,
    Map<String, String> runtimes, String runtimeVersion, boolean debug) {}
