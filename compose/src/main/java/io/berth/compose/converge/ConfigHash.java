package io.berth.compose.converge;

import io.berth.compose.model.Service;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code com.docker.compose.config-hash} of a service: SHA-256 (hex) of a canonical rendering
 * of its model plus the image ID it runs. As in Compose, what does not change a container is left
 * out ({@code build}, {@code pull_policy}, the replica count, {@code depends_on}, {@code profiles}),
 * so scaling or a new dependency recreates nothing while a changed image does.
 */
public final class ConfigHash {
  private ConfigHash() {}

  private static final Set<String> IGNORED = Set.of("build", "pullPolicy", "scale", "dependsOn", "profiles");

  public static String of(Service service, String imageId) {
    var sb = new StringBuilder();
    sb.append('{');
    for (RecordComponent c : Service.class.getRecordComponents()) {
      if (IGNORED.contains(c.getName())) continue;
      sb.append(c.getName()).append('=');
      render(value(c, service), sb);
      sb.append(';');
    }
    sb.append("imageId=").append(imageId).append('}');
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Records by component, maps by sorted key (their order never changes a container), lists in order. */
  private static void render(Object v, StringBuilder sb) {
    switch (v) {
      case null -> sb.append("null");
      case Optional<?> o -> {
        if (o.isEmpty()) sb.append("null");
        else render(o.get(), sb);
      }
      case Record r -> {
        sb.append('{');
        for (RecordComponent c : r.getClass().getRecordComponents()) {
          sb.append(c.getName()).append('=');
          render(value(c, r), sb);
          sb.append(';');
        }
        sb.append('}');
      }
      case Map<?, ?> m -> {
        var sorted = new TreeMap<String, Object>();
        m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
        sb.append('{');
        sorted.forEach((k, x) -> {
          quote(k, sb);
          sb.append(':');
          render(x, sb);
          sb.append(',');
        });
        sb.append('}');
      }
      case Collection<?> l -> {
        sb.append('[');
        for (Object x : l) {
          render(x, sb);
          sb.append(',');
        }
        sb.append(']');
      }
      case String s -> quote(s, sb);
      default -> sb.append(v);
    }
  }

  private static void quote(String s, StringBuilder sb) {
    sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
  }

  private static Object value(RecordComponent c, Object r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
