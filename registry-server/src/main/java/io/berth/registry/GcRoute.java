package io.berth.registry;

import io.berth.http.server.Exchange;
import io.berth.oci.Digest;
import io.berth.oci.errors.BerthException;
import io.berth.registry.storage.GarbageCollector;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /berth/gc[?dry-run=true][&delete-untagged=true]}: one online garbage collection
 * (Berth's own endpoint, outside /v2/), answered with what was removed:
 * {@code {"DryRun":false,"ManifestsDeleted":["repo@sha256:…"],"BlobsDeleted":["sha256:…"],"BytesFreed":n,"BlobsKept":n}}.
 * A collection already running is 409.
 */
final class GcRoute {
  static final String PATH = "/berth/gc";

  private GcRoute() {}

  static boolean flag(Exchange ex, String name) {
    return ex.query().get(name).map(v -> v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true")).orElse(false);
  }

  static void run(Exchange ex, Registry registry, boolean dryRun) throws IOException {
    GarbageCollector.Report report;
    try {
      report = registry.gc().run(new GarbageCollector.Options(dryRun, flag(ex, "delete-untagged"), registry.config().gcGrace()));
    } catch (BerthException.Conflict e) {
      throw new RegistryException(ErrorCode.UNSUPPORTED, 409, e.getMessage(), null);
    }
    RegistryHandler.respondJson(ex, 200, RegistryHandler.headers(), json(report));
  }

  static Map<String, Object> json(GarbageCollector.Report report) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("DryRun", report.dryRun());
    body.put("ManifestsDeleted", report.manifestsDeleted().stream().map(Object::toString).toList());
    body.put("BlobsDeleted", report.blobsDeleted().stream().map(Digest::toString).toList());
    body.put("BytesFreed", report.bytesFreed());
    body.put("BlobsKept", report.blobsKept());
    return body;
  }

  /** The report as {@code berth registry gc} prints it. */
  static List<String> lines(GarbageCollector.Report report) {
    String verb = report.dryRun() ? "would delete" : "deleted";
    List<String> out = new java.util.ArrayList<>();
    for (var m : report.manifestsDeleted()) out.add(verb + " manifest " + m);
    for (Digest d : report.blobsDeleted()) out.add(verb + " blob " + d);
    out.add((report.dryRun() ? "dry run: " : "") + report.manifestsDeleted().size() + " manifest(s) and "
        + report.blobsDeleted().size() + " blob(s) " + verb + ", " + report.bytesFreed() + " bytes"
        + (report.dryRun() ? " to free" : " freed") + ", " + report.blobsKept() + " blob(s) kept");
    return out;
  }
}
