package io.berth.engine.container;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Predicate;

/** Docker-style random names, {@code adjective_surname}, for containers created without --name. */
final class NameGenerator {
  private static final List<String> LEFT = List.of("admiring", "amazing", "awesome", "blissful",
      "bold", "brave", "busy", "calm", "charming", "clever", "cool", "compassionate", "confident",
      "dazzling", "determined", "eager", "ecstatic", "elastic", "elegant", "epic", "fervent",
      "festive", "focused", "friendly", "gallant", "gifted", "goofy", "gracious", "happy", "hopeful",
      "jolly", "keen", "kind", "loving", "lucid", "magical", "modest", "nice", "nifty", "optimistic",
      "peaceful", "practical", "quirky", "relaxed", "serene", "sharp", "stoic", "sweet", "tender",
      "upbeat", "vibrant", "wizardly", "youthful", "zealous");
  private static final List<String> RIGHT = List.of("agnesi", "babbage", "bardeen", "bell",
      "boole", "borg", "curie", "darwin", "dijkstra", "einstein", "euler", "faraday", "fermat",
      "feynman", "franklin", "galileo", "gauss", "goldberg", "hamilton", "hawking", "hodgkin",
      "hopper", "johnson", "kepler", "knuth", "lamarr", "lovelace", "maxwell", "meitner", "mendel",
      "morse", "newton", "noether", "pascal", "pasteur", "perlman", "raman", "ritchie", "shannon",
      "sinoussi", "tesla", "thompson", "torvalds", "turing", "volta", "wiles", "wing", "wright",
      "yalow", "zhukovsky");
  private static final SecureRandom RANDOM = new SecureRandom();

  private NameGenerator() {}

  static String generate(Predicate<String> taken) {
    for (int attempt = 0; ; attempt++) {
      String name = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
      if (attempt > 5) name += RANDOM.nextInt(10);
      if (!taken.test(name)) return name;
    }
  }
}
