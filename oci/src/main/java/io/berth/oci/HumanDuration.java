package io.berth.oci;

import java.time.Duration;

/**
 * go-units' {@code HumanDuration}, which both the docker daemon (container {@code Status}: "Up 3
 * seconds") and the docker CLI ("2 minutes ago") use; berthd and the berth CLI share this one copy.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks", "5 years". */
  public static String of(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return seconds + " seconds";
    long minutes = d.toMinutes();
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return minutes + " minutes";
    // Go rounds to the nearest hour here (d.Round(time.Hour)), half away from zero.
    long hours = (d.toMillis() + 1_800_000L) / 3_600_000L;
    if (hours == 1) return "About an hour";
    if (hours < 48) return hours + " hours";
    if (hours < 24 * 7 * 2) return hours / 24 + " days";
    if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
    if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
    return d.toHours() / 24 / 365 + " years";
  }
}
