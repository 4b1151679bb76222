package io.berth.http;

/**
 * Unchecked: a request is unacceptable for an HTTP-level reason (for example a query parameter that
 * is not a number). The server answers it with {@link #status()} and the Docker error body
 * {@code {"message": ...}} when it escapes a handler before anything was sent.
 */
public final class HttpStatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
