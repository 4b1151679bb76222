/**
 * TLS material from PEM files (certificate chains, PKCS#8 / SEC1 / PKCS#1 private keys) and the
 * {@link javax.net.ssl.SSLContext}s built from them: a server's ({@link io.berth.http.tls.ServerTls})
 * and a registry client's trust and client certificate (used by the distribution module).
 */
package io.berth.http.tls;
