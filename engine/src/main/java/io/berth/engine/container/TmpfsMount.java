package io.berth.engine.container;

/**
 * A tmpfs asked for by a create request: {@code --tmpfs /path[:opts]} ({@code HostConfig.Tmpfs}) or
 * {@code --mount type=tmpfs,...} ({@code HostConfig.Mounts}).
 *
 * @param data       the tmpfs mount data as Docker keeps it ({@code size=65536k,mode=1777}); empty for none
 * @param fromMounts given in {@code HostConfig.Mounts} (then it is listed in inspect's {@code Mounts},
 *                   as dockerd does; {@code --tmpfs} ones are not)
 */
public record TmpfsMount(String destination, String data, boolean readOnly, boolean fromMounts)
    implements MountRequest {
  public TmpfsMount {
    data = data == null ? "" : data;
  }
}
