package io.berth.engine.cgroups;

public enum CgroupLayout { UNIFIED, LEGACY, HYBRID }
