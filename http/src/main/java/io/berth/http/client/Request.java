package io.berth.http.client;

import io.berth.http.Headers;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request to send. {@code target} is origin-form: path plus raw (already encoded) query,
 * e.g. {@code /v1.47/containers/json?all=1}. Immutable apart from a streamed body, which can be
 * sent once; the headers are copied in and out.
 *
 * <p>Framing headers are the client's business: a {@link Body.Bytes} body gets Content-Length, a
 * {@link Body.Stream} body is sent chunked (for {@code docker load}/{@code import} of tarballs of
 * any size), and {@code Host} defaults to the endpoint's.
 */
public record Request(String method, String target, Headers headers, Optional<Body> body) {

    /** A request body. */
    public sealed interface Body {
        /** A body in memory, sent with Content-Length. */
        record Bytes(byte[] bytes) implements Body {
            public Bytes {
                Objects.requireNonNull(bytes);
            }
        }

        /** A body read from {@code in} until EOF and sent with chunked encoding; not closed by the client. */
        record Stream(InputStream in) implements Body {
            public Stream {
                Objects.requireNonNull(in);
            }
        }
    }

    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        if (!io.berth.http.HttpWire.isToken(method)) {
            throw new IllegalArgumentException("invalid http method: " + method);
        }
        if (!target.startsWith("/") || target.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("invalid request target: " + target);
        }
        headers = headers == null ? new Headers() : headers.copy();
        body = body == null ? Optional.empty() : body;
    }

    /** Copy of the headers (the record's own stay untouched). */
    @Override
    public Headers headers() {
        return headers.copy();
    }

    public static Request of(String method, String target) {
        return new Request(method, target, new Headers(), Optional.empty());
    }

    public static Request get(String target) {
        return of("GET", target);
    }

    public static Request head(String target) {
        return of("HEAD", target);
    }

    public static Request delete(String target) {
        return of("DELETE", target);
    }

    /** POST without a body (Content-Length: 0), e.g. {@code /containers/x/start}. */
    public static Request post(String target) {
        return of("POST", target);
    }

    /** POST with an in-memory body of the given content type (usually application/json). */
    public static Request post(String target, byte[] body, String contentType) {
        return of("POST", target).withHeader("Content-Type", contentType).withBody(new Body.Bytes(body));
    }

    /** POST streaming {@code body} chunked, e.g. {@code /images/load} with a tarball. */
    public static Request post(String target, InputStream body, String contentType) {
        return of("POST", target).withHeader("Content-Type", contentType).withBody(new Body.Stream(body));
    }

    /** PUT streaming {@code body} chunked, e.g. {@code /containers/x/archive}. */
    public static Request put(String target, InputStream body, String contentType) {
        return of("PUT", target).withHeader("Content-Type", contentType).withBody(new Body.Stream(body));
    }

    /** A copy with {@code name} set to {@code value} (replacing earlier values). */
    public Request withHeader(String name, String value) {
        Headers h = headers.copy();
        h.set(name, value);
        return new Request(method, target, h, body);
    }

    /** A copy with the given body. */
    public Request withBody(Body newBody) {
        return new Request(method, target, headers, Optional.of(newBody));
    }
}
