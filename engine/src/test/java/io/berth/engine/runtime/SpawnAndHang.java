package io.berth.engine.runtime;

import java.nio.file.Path;

/** Test helper run in a separate JVM: creates a container through conmon, reports, then waits to be killed. */
public final class SpawnAndHang {
  private SpawnAndHang() {}

  public static void main(String[] a) throws Exception {
    var rt = new ConmonRuntime(RuntimeFixture.CONMON, RuntimeFixture.RUNC, Path.of(a[0]), Path.of(a[1]));
    Path bundle = Path.of(a[3]);
    var c = rt.create(new OciRuntime.CreateRequest(a[2], a[2], bundle, Path.of(a[4]), Path.of(a[5]), bundle, false, false));
    System.out.println("created " + c.pid() + " " + c.conmonPid());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
