package io.berth.compose.converge;

/** The labels Docker Compose v2 puts on what it creates; tools (and a second {@code up}) read them. */
public final class Labels {
  private Labels() {}

  public static final String PROJECT = "com.docker.compose.project";
  public static final String SERVICE = "com.docker.compose.service";
  public static final String NUMBER = "com.docker.compose.container-number";
  public static final String ONEOFF = "com.docker.compose.oneoff";
  public static final String CONFIG_HASH = "com.docker.compose.config-hash";
  public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
  public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
  public static final String ENVIRONMENT_FILE = "com.docker.compose.project.environment_file";
  public static final String VERSION = "com.docker.compose.version";
  public static final String DEPENDS_ON = "com.docker.compose.depends_on";
  public static final String IMAGE = "com.docker.compose.image";
  public static final String CONTAINER_REPLACE = "com.docker.compose.replace";
  public static final String NETWORK = "com.docker.compose.network";
  public static final String VOLUME = "com.docker.compose.volume";

  /**
   * The Compose version written in {@link #VERSION}: the Docker Compose release whose behaviour this
   * converger follows (tools compare it as a semantic version).
   */
  public static final String COMPOSE_VERSION = "2.29.7";

  /** The filter value selecting a project's objects: {@code com.docker.compose.project=<name>}. */
  public static String projectFilter(String project) { return PROJECT + "=" + project; }
}
