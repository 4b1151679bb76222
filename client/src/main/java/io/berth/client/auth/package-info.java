/**
 * Registry credentials as the docker CLI keeps them: {@code config.json} in the client config
 * directory ({@code --config}, {@code $DOCKER_CONFIG}, or {@code ~/.docker}), with plain
 * {@code auths} entries (base64 {@code user:password}, identity tokens) or credential helpers
 * ({@code credsStore}, {@code credHelpers}: {@code docker-credential-<name>} programs speaking
 * JSON over stdin/stdout). The same files and helpers work for berth and docker, so a login with
 * either is seen by both.
 *
 * <p>JSON goes through {@link io.berth.client.json} (not Jackson): the CLI must not load databind.
 */
package io.berth.client.auth;
