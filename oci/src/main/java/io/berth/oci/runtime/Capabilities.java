package io.berth.oci.runtime;

import static io.berth.oci.runtime.OptionalJson.list;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The five capability sets (config.md "capabilities"), names in {@code CAP_*} form. An empty set is
 * not written; runtimes treat a missing set as empty.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"bounding", "effective", "permitted", "inheritable", "ambient"})
public record Capabilities(List<String> bounding, List<String> effective, List<String> permitted,
    List<String> inheritable, List<String> ambient) {
  public Capabilities {
    bounding = list(bounding);
    effective = list(effective);
    permitted = list(permitted);
    inheritable = list(inheritable);
    ambient = list(ambient);
  }

  /** Docker's shape: the same list as bounding, effective and permitted; nothing inheritable/ambient. */
  public static Capabilities of(List<String> caps) {
    return new Capabilities(caps, caps, caps, List.of(), List.of());
  }
}
