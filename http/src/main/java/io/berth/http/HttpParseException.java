package io.berth.http;

import java.io.IOException;

/**
 * A peer sent a message that is not valid HTTP/1.1 or exceeds a limit. On the server it becomes a
 * response with {@link #status()} (400, or 431 for oversized heads) and the connection closes.
 */
public final class HttpParseException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HttpParseException(String message) {
        this(400, message);
    }

    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status a server should answer with. */
    public int status() {
        return status;
    }
}
