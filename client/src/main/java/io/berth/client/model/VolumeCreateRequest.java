package io.berth.client.model;

import java.util.Map;
import java.util.Optional;

/**
 * Body of {@code POST /volumes/create} (swagger {@code VolumeCreateOptions}) as the docker CLI sends
 * it: moby's {@code volume.CreateOptions} has every field {@code omitempty}, so an unnamed volume
 * with the default driver is just {@code {"Driver":"local"}}.
 */
public record VolumeCreateRequest(String name, String driver, Map<String, String> driverOpts, Map<String, String> labels) {
  public VolumeCreateRequest {
    name = Zero.str(name);
    driver = Zero.str(driver);
    driverOpts = Zero.map(driverOpts);
    labels = Zero.map(labels);
  }

  /** The wire form in the docker CLI's field order (Driver, DriverOpts, Labels, Name), empty fields left out. */
  public Map<String, Object> toJson() {
    return Wire.obj().putIfPresent("Driver", Optional.of(driver).filter(s -> !s.isEmpty()))
        .putIfPresent("DriverOpts", Optional.of(driverOpts).filter(m -> !m.isEmpty()).map(Wire::sorted))
        .putIfPresent("Labels", Optional.of(labels).filter(m -> !m.isEmpty()).map(Wire::sorted))
        .putIfPresent("Name", Optional.of(name).filter(s -> !s.isEmpty())).build();
  }
}
