package io.berth.cli.command;

import io.berth.cli.Cli;
import io.berth.cli.ExitCodes;
import io.berth.client.auth.Credentials;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logout [SERVER]}: erases the stored credentials, as docker 28 does, under the server
 * as given and the older keys docker accepted (host, {@code http://host}, {@code https://host}).
 * Nothing stored is not an error; every erase failing is a warning.
 */
@Command(name = "logout", customSynopsis = "berth logout [SERVER]",
    description = "Log out from a registry.%nIf no server is specified, the default is defined by the daemon.")
public final class LogoutCommand extends BerthCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER") String server;

  @Override protected int execute(Cli cli) {
    String address = server == null ? "" : server;
    boolean isDefault = address.isEmpty();
    if (isDefault) address = Credentials.INDEX_SERVER;
    List<String> keys = new ArrayList<>(List.of(address));
    String host = address;
    if (!isDefault) {
      host = Credentials.hostname(address);
      keys.addAll(List.of(host, "http://" + host, "https://" + host));
    }
    cli.out().println("Removing login credentials for " + host);
    Credentials creds = cli.credentials();
    Map<String, String> errors = new LinkedHashMap<>();
    for (String key : keys) {
      try {
        creds.store(key).erase(key);
      } catch (UncheckedIOException e) {
        errors.put(key, e.getMessage());
      }
    }
    if (errors.size() == keys.size()) {
      cli.err().println("WARNING: could not erase credentials:");
      errors.forEach((k, v) -> cli.err().println(k + ": " + v));
    }
    return ExitCodes.OK;
  }
}
