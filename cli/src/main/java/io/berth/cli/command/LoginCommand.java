package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.CommandFailure;
import io.berth.cli.ExitCodes;
import io.berth.client.EngineException;
import io.berth.client.auth.AuthConfig;
import io.berth.client.auth.Credentials;
import io.berth.client.model.AuthResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login [SERVER]}: checks the credentials with the daemon ({@code POST /auth}) and
 * stores them in the client config, as docker 28 does: stored credentials are tried first when no
 * user or password is given, prompts need a terminal, and {@code --password-stdin} reads the
 * password from standard input. Docker Hub's web (device-code) login is not offered: berth asks
 * for a user name and password everywhere.
 */
@Command(name = "login", customSynopsis = "berth login [OPTIONS] [SERVER]",
    description = "Authenticate to a registry.%nDefaults to Docker Hub if no server is specified.")
public final class LoginCommand extends BerthCommand {
  @Option(names = {"-u", "--username"}, description = "Username") String user;

  @Option(names = {"-p", "--password"}, description = "Password or Personal Access Token (PAT)") String password;

  @Option(names = "--password-stdin", description = "Take the Password or Personal Access Token (PAT) from stdin")
  boolean passwordStdin;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER") String server;

  @Override protected int execute(Cli cli) throws IOException {
    if (passwordStdin) {
      if (password != null) throw fail("conflicting options: cannot specify both --password and --password-stdin");
      if (user == null) throw fail("the --password-stdin option requires --username to be set");
    }
    if (user != null && user.isEmpty()) throw fail("username is empty");
    if (password != null && password.isEmpty()) throw fail("password is empty");
    String u = user == null ? "" : user;
    String p = password == null ? "" : password;
    if (!p.isEmpty()) cli.err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    if (passwordStdin) {
      p = new String(cli.in().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.endsWith("\n")) p = p.substring(0, p.length() - 1);
      if (p.endsWith("\r")) p = p.substring(0, p.length() - 1);
    }
    String address = server != null && !server.isEmpty() && !server.equals("docker.io") ? server : Credentials.INDEX_SERVER;
    boolean isDefault = address.equals(Credentials.INDEX_SERVER);
    if (!isDefault) address = Credentials.hostname(address);
    Credentials creds = cli.credentials();

    AuthConfig stored = AuthConfig.EMPTY.withServerAddress(address);
    Optional<RuntimeException> storedFailed = Optional.empty();
    if (u.isEmpty() && p.isEmpty()) {
      try {
        stored = creds.get(address).withServerAddress(address).withIdentityToken("");
      } catch (UncheckedIOException e) {
        storedFailed = Optional.of(e);
      }
    }
    String msg = "";
    boolean needPrompt = true;
    if (storedFailed.isEmpty() && !stored.username().isEmpty() && !stored.password().isEmpty()) {
      try {
        msg = loginWithStored(cli, creds, stored);
        needPrompt = false;
      } catch (EngineException e) {
        needPrompt = true;
      }
    }
    if (needPrompt) msg = loginUser(cli, creds, u, p, stored.username(), address);
    if (!msg.isEmpty()) cli.out().println(msg);
    return ExitCodes.OK;
  }

  private static CommandFailure fail(String message) {
    return new CommandFailure(ExitCodes.FAILURE, message);
  }

  /** docker's {@code loginWithStoredCredentials}: reports, tries, stores what worked; throws when refused. */
  private String loginWithStored(Cli cli, Credentials creds, AuthConfig auth) {
    cli.err().print("Authenticating with existing credentials...");
    if (!auth.username().isEmpty()) cli.err().print(" [Username: " + auth.username() + "]");
    cli.err().print("\n");
    Notes.print(cli.err(), cli.stderrIsTerminal(), "To login with a different account, run 'berth logout' followed by 'berth login'");
    cli.err().print("\n\n");
    AuthResponse response = new AuthResponse("", "");
    EngineException failure = null;
    try {
      response = cli.client().auth(auth.toJson());
    } catch (EngineException e) {
      failure = e;
      if (e.status() == 401) cli.err().println("Stored credentials invalid or expired");
      else cli.err().println("Login did not succeed, error: Error response from daemon: " + e.getMessage());
    }
    if (!response.identityToken().isEmpty()) auth = auth.withUser(auth.username(), "").withIdentityToken(response.identityToken());
    store(cli, creds, auth);
    if (failure != null) throw failure;
    return response.status();
  }

  private String loginUser(Cli cli, Credentials creds, String u, String p, String defaultUser, String address) {
    if ((u.isEmpty() || p.isEmpty()) && !cli.stdinIsTerminal()) {
      throw fail("Error: Cannot perform an interactive login from a non TTY device");
    }
    AuthConfig auth = Prompts.credentials(cli, u, p, defaultUser, address);
    AuthResponse response;
    try {
      response = cli.client().auth(auth.toJson());
    } catch (EngineException e) {
      throw new CommandFailure(ExitCodes.FAILURE, "Error response from daemon: " + e.getMessage());
    }
    if (!response.identityToken().isEmpty()) auth = auth.withUser(auth.username(), "").withIdentityToken(response.identityToken());
    store(cli, creds, auth);
    return response.status();
  }

  private static void store(Cli cli, Credentials creds, AuthConfig auth) {
    boolean plain;
    try {
      plain = creds.store(auth.serverAddress()).store(auth);
    } catch (UncheckedIOException e) {
      throw new CommandFailure(ExitCodes.FAILURE, "Error saving credentials: " + e.getMessage());
    }
    if (plain) {
      cli.err().println("\nWARNING! Your credentials are stored unencrypted in '" + creds.config().file() + "'.\n"
          + "Configure a credential helper to remove this warning. See\n"
          + "https://docs.docker.com/go/credential-store/\n");
    }
  }
}
