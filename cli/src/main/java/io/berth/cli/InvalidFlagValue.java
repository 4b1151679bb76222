package io.berth.cli;

import io.berth.cli.format.Units;

/**
 * A flag value docker's flag parser (pflag) refuses: reported as docker reports it, with the
 * command's usage line, and exit status 125. Commands whose flags are parsed after picocli (sizes,
 * CPUs, devices: picocli would word the error its own way) throw it; {@link Main} prints it.
 */
public final class InvalidFlagValue extends RuntimeException {
  /**
   * @param flag   the flag as pflag names it: "-m, --memory" when it has a shorthand, else "--memory-swap"
   * @param value  the value given
   * @param reason the parser's error ("invalid size: 'abc'")
   */
  public InvalidFlagValue(String flag, String value, String reason) {
    super("invalid argument " + Units.goQuote(value) + " for " + Units.goQuote(flag) + " flag: " + reason);
  }
}
