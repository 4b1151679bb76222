package io.berth.cli.compose;

import io.berth.cli.Cli;
import io.berth.cli.build.BuildContext;
import io.berth.client.BuildOptions;
import io.berth.client.BuildStream;
import io.berth.client.EngineClient;
import io.berth.client.model.BuildMessage;
import io.berth.compose.converge.ClientEngine;
import io.berth.compose.ComposeException;
import io.berth.compose.model.Service;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** The converger's engine with builds: the context tar made as {@code berth build} makes it. */
final class CliEngine extends ClientEngine {
  private final Cli cli;

  CliEngine(EngineClient client, Cli cli) {
    super(client);
    this.cli = cli;
  }

  @Override public void build(Service.Build build, String tag, Consumer<String> progress) {
    try {
      BuildContext.Prepared prepared = BuildContext.prepare(build.context().toString(), Optional.of(build.dockerfile()),
          cli.in(), build.context());
      var b = BuildOptions.builder().tag(tag).rm(true);
      b.dockerfile(prepared.dockerfile().orElse(build.dockerfile()));
      build.args().forEach((k, v) -> b.buildArg(k, Optional.of(v)));
      build.labels().forEach(b::label);
      build.target().ifPresent(b::target);
      build.network().ifPresent(b::networkMode);
      build.shmSize().ifPresent(b::shmSize);
      build.extraHosts().forEach(b::extraHost);
      build.cacheFrom().forEach(b::cacheFrom);
      PipedInputStream body = new PipedInputStream(1 << 20);
      PipedOutputStream sink = new PipedOutputStream(body);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread writer = Thread.ofVirtual().name("compose-build-context").start(() -> {
        try (sink) {
          prepared.body().writeTo(sink);
        } catch (Throwable t) {
          failure.set(t);
        }
      });
      BuildStream stream;
      try {
        stream = client.build(b.build(), body);
      } finally {
        body.close();
        writer.join();
      }
      if (failure.get() != null) throw new ComposeException(failure.get().getMessage());
      try (stream) {
        while (stream.hasNext()) {
          switch (stream.next()) {
            case BuildMessage.Error e -> throw new ComposeException("failed to solve: " + e.message());
            case BuildMessage.Stream s -> s.text().lines().filter(l -> !l.isBlank()).forEach(progress);
            default -> { }
          }
        }
      }
    } catch (IOException e) {
      throw new ComposeException(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComposeException("interrupted", 130);
    }
  }

  static Path cwd() { return Path.of("").toAbsolutePath(); }
}
