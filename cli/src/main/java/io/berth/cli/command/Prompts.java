package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.auth.AuthConfig;
import io.berth.client.auth.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;

/** docker's {@code PromptUserForCredentials}: asks on the terminal for what the flags did not give. */
final class Prompts {
  static final String REGISTER = "Log in with your Docker ID or email address to push and pull images from Docker Hub. "
      + "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.";
  static final String PAT = "You can log in with your password or a Personal Access "
      + "Token (PAT). Using a limited-scope PAT grants better security and is required "
      + "for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/";

  private Prompts() {}

  static AuthConfig credentials(Cli cli, String user, String password, String defaultUser, String address) {
    user = user.strip();
    if (user.isEmpty()) {
      if (address.equals(Credentials.INDEX_SERVER)) {
        cli.out().println(REGISTER);
        if (!"false".equalsIgnoreCase(cli.env().getOrDefault("DOCKER_CLI_HINTS", "true"))) {
          cli.out().println(PAT);
          cli.out().println();
        }
      }
      defaultUser = defaultUser.strip();
      cli.out().print(defaultUser.isEmpty() ? "Username: " : "Username (" + defaultUser + "): ");
      cli.out().flush();
      user = readLine(cli).strip();
      if (user.isEmpty()) user = defaultUser;
      if (user.isEmpty()) throw new CommandFailure(ExitCodes.FAILURE, "Error: Non-null Username Required");
    }
    password = password.strip();
    if (password.isEmpty()) {
      Echo echo = Echo.off();
      try {
        if (address.equals(Credentials.INDEX_SERVER)) {
          Notes.print(cli.err(), cli.stderrIsTerminal(), "A Personal Access Token (PAT) can be used instead.\n"
              + "To create a PAT, visit " + (cli.stderrIsTerminal() ? "\u001b[4mhttps://app.docker.com/settings\u001b[0m" : "https://app.docker.com/settings")
              + "\n\n");
        }
        cli.out().print("Password: ");
        cli.out().flush();
        password = readLine(cli).strip();
        cli.out().println();
      } finally {
        echo.restore();
      }
      if (password.isEmpty()) throw new CommandFailure(ExitCodes.FAILURE, "Error: Password Required");
    }
    return AuthConfig.of(user, password, address);
  }

  /** One line of standard input, byte by byte so that nothing after it is consumed. */
  private static String readLine(Cli cli) {
    var sb = new java.io.ByteArrayOutputStream();
    try {
      int b;
      while ((b = cli.in().read()) >= 0 && b != '\n') sb.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The terminal's echo, turned off while the password is typed (through stty on /dev/tty). */
  private record Echo(boolean changed) {
    static Echo off() {
      return new Echo(stty("-echo"));
    }

    void restore() {
      if (changed) stty("echo");
    }

    private static boolean stty(String arg) {
      var tty = new java.io.File("/dev/tty");
      if (!tty.canRead()) return false;
      try {
        Process p = new ProcessBuilder("stty", arg).redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}
