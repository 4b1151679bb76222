/**
 * Authentication and authorization for {@code berth registry serve}, independent of the HTTP layer:
 * the server hands in an {@code Authorization} header value and the scopes a route needs, and sends
 * back what it is told.
 *
 * <h2>Checking a request</h2>
 * <pre>{@code
 * RegistryAuth auth = RegistryAuth.none();                                   // no --htpasswd
 * RegistryAuth auth = RegistryAuth.htpasswd("Registry Realm", Htpasswd.load(file), anonymousPull);
 * RegistryAuth auth = RegistryAuth.token("https://host:5000/token", tokens, AccessPolicy.standard(anonymousPull));
 *
 * switch (auth.check(request.header("Authorization"), List.of(Scope.repository(name, Scope.PULL)))) {
 *   case Decision.Allow allow -> serve(allow.subject());
 *   case Decision.Challenge c -> respond(c.status(), "WWW-Authenticate", c.wwwAuthenticate(), c.errorJson());
 * }
 * }</pre>
 * Scopes per route, as the reference registry asks them:
 * <ul>
 *   <li>{@code GET /v2/}: no scopes (credentials are still required in the auth modes, so that
 *       clients see the challenge);</li>
 *   <li>GET/HEAD of manifests, blobs, tags/list, referrers, upload status: {@code pull};</li>
 *   <li>POST/PATCH/PUT of uploads, PUT of manifests: {@code pull,push}; a cross-repository mount
 *       also needs {@code repository:<from>:pull};</li>
 *   <li>DELETE of manifests, tags or blobs: {@code delete};</li>
 *   <li>{@code GET /v2/_catalog}: {@link io.berth.registry.auth.Scope#catalog()}
 *       ({@code registry:catalog:*}).</li>
 * </ul>
 * A {@link io.berth.registry.auth.Decision.Challenge} is {@code UNAUTHORIZED} (401: no, bad or
 * too-narrow credentials; log in or fetch a token) or {@code DENIED} (403: the known user may not).
 * Challenge headers are spelled as the reference registry spells them: {@code Basic realm="..."} and
 * {@code Bearer realm="...",service="...",scope="repository:x:pull,push"} (plus
 * {@code error="invalid_token"} or {@code error="insufficient_scope"} when a token was presented).
 *
 * <h2>The token server</h2>
 * In bearer mode the registry is its own token server: a {@link io.berth.registry.auth.TokenService}
 * signs JWTs with a {@link io.berth.registry.auth.SigningKey} (generated, or loaded from / created at
 * a PEM file) and verifies them; a {@link io.berth.registry.auth.TokenEndpoint} answers
 * {@code GET /token?service=&scope=&account=} ({@link io.berth.registry.auth.TokenEndpoint#issue}) and
 * the OAuth2 {@code POST /token} ({@link io.berth.registry.auth.TokenEndpoint#issueOAuth}) with a
 * {@link io.berth.registry.auth.TokenResponse} to send as JSON. The same {@code AccessPolicy} must
 * back the endpoint and the {@code RegistryAuth.token} check.
 *
 * <h2>Passwords</h2>
 * {@link io.berth.registry.auth.Htpasswd} reads {@code htpasswd -B} files;
 * {@link io.berth.registry.auth.BCrypt} is our own bcrypt (no bcrypt library is available offline).
 */
package io.berth.registry.auth;
