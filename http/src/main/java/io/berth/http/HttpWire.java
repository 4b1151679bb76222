package io.berth.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reading and writing HTTP/1.1 message heads (RFC 9112), and choosing a body framing.
 *
 * <p>Reading is bounded: a head (start line plus header block) larger than {@code maxBytes}
 * or with more than {@code maxHeaders} fields fails with {@link HttpParseException} status 431,
 * any syntax error with status 400. Obsolete line folding, whitespace before a colon, bare CR and
 * NUL are rejected rather than guessed at (request smuggling defences); both Content-Length and
 * Transfer-Encoding, or conflicting Content-Lengths, are rejected too.
 *
 * <p>Stateless and thread-safe; the streams are not.
 */
public final class HttpWire {
    /** Default limit on one message head (start line + header block). */
    public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
    /** Default limit on the number of header fields. */
    public static final int DEFAULT_MAX_HEADERS = 100;

    private HttpWire() {
    }

    /** A parsed request head. {@code target} is as sent (origin-form, starting with '/'). */
    public record RequestHead(String method, String target, String version, Headers headers) {
        /** HTTP/1.0 (or older) peers get one request per connection. */
        public boolean http10() {
            return version.equals("HTTP/1.0");
        }
    }

    /** A parsed response head. */
    public record ResponseHead(String version, int status, String reason, Headers headers) {
    }

    /**
     * Reads a request head, or returns empty when the peer closed the connection cleanly before
     * sending any byte of it (the normal end of a keep-alive connection).
     */
    public static Optional<RequestHead> readRequestHead(InputStream in, int maxBytes, int maxHeaders)
            throws IOException {
        int[] budget = {maxBytes};
        String line;
        int blank = 0;
        do {
            // RFC 9112 §2.2: be lenient about CRLFs left over after a previous body.
            line = readLine(in, budget, blank == 0);
            if (line == null) {
                return Optional.empty();
            }
        } while (line.isEmpty() && ++blank < 4);
        if (line.isEmpty()) {
            throw new HttpParseException("malformed request line");
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new HttpParseException("malformed request line: " + abbreviate(line));
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!isToken(method)) {
            throw new HttpParseException("malformed request method: " + abbreviate(method));
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpParseException("unsupported protocol version: " + abbreviate(version));
        }
        target = originForm(target);
        Headers headers = readHeaders(in, budget, maxHeaders);
        return Optional.of(new RequestHead(method, target, version, headers));
    }

    /** Reads a response head; EOF before it is an {@link EOFException}. */
    public static ResponseHead readResponseHead(InputStream in, int maxBytes, int maxHeaders) throws IOException {
        int[] budget = {maxBytes};
        String line = readLine(in, budget, true);
        if (line == null) {
            throw new EOFException("connection closed before a response was received");
        }
        // "HTTP/1.1 200 OK", reason may be empty or missing.
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            throw new HttpParseException("malformed status line: " + abbreviate(line));
        }
        String version = line.substring(0, 8);
        String code = line.substring(9, 12);
        if (!code.chars().allMatch(c -> c >= '0' && c <= '9') || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new HttpParseException("malformed status line: " + abbreviate(line));
        }
        String reason = line.length() > 13 ? line.substring(13) : "";
        return new ResponseHead(version, Integer.parseInt(code), reason, readHeaders(in, budget, maxHeaders));
    }

    private static Headers readHeaders(InputStream in, int[] budget, int maxHeaders) throws IOException {
        Headers headers = new Headers();
        while (true) {
            String line = readLine(in, budget, false);
            if (line.isEmpty()) {
                return headers;
            }
            if (headers.size() >= maxHeaders) {
                throw new HttpParseException(431, "too many header fields");
            }
            char c0 = line.charAt(0);
            if (c0 == ' ' || c0 == '\t') {
                throw new HttpParseException("obsolete header line folding is not supported");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpParseException("malformed header line: " + abbreviate(line));
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw new HttpParseException("malformed header name: " + abbreviate(name));
            }
            String value = line.substring(colon + 1).strip();
            headers.add(name, value);
        }
    }

    /**
     * Reads one line ending in LF (a preceding CR is dropped), charging {@code budget[0]}.
     * Returns null only when {@code eofOk} and EOF comes before the first byte.
     */
    private static String readLine(InputStream in, int[] budget, boolean eofOk) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        boolean cr = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofOk && buf.size() == 0 && !cr) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a message head");
            }
            if (--budget[0] < 0) {
                throw new HttpParseException(431, "message head too large");
            }
            if (b == '\n') {
                return buf.toString(StandardCharsets.UTF_8);
            }
            if (cr) {
                throw new HttpParseException("bare CR in message head");
            }
            if (b == '\r') {
                cr = true;
            } else if (b == 0) {
                throw new HttpParseException("NUL in message head");
            } else {
                buf.write(b);
            }
        }
    }

    /** Accepts origin-form ("/path?q") and absolute-form ("http://host/path?q"), returns origin-form. */
    private static String originForm(String target) throws HttpParseException {
        String t = target;
        int scheme = t.indexOf("://");
        if (!t.startsWith("/") && scheme > 0 && isToken(t.substring(0, scheme))) {
            int slash = t.indexOf('/', scheme + 3);
            int q = t.indexOf('?', scheme + 3);
            if (slash < 0 || (q >= 0 && q < slash)) {
                t = "/" + (q >= 0 ? t.substring(q) : "");
            } else {
                t = t.substring(slash);
            }
        }
        if (!t.startsWith("/")) {
            throw new HttpParseException("malformed request target: " + abbreviate(target));
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c == 0x7f || c == '#') {
                throw new HttpParseException("malformed request target: " + abbreviate(target));
            }
        }
        return t;
    }

    /**
     * The declared Content-Length, empty when absent.
     *
     * @throws HttpParseException when it is not a non-negative decimal or values conflict
     */
    public static OptionalLong contentLength(Headers h) throws HttpParseException {
        long found = -1;
        for (String v : h.all("Content-Length")) {
            for (String part : v.split(",", -1)) {
                String s = part.strip();
                if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new HttpParseException("invalid Content-Length: " + abbreviate(v));
                }
                long n = Long.parseLong(s);
                if (found >= 0 && found != n) {
                    throw new HttpParseException("conflicting Content-Length values");
                }
                found = n;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /**
     * Whether the message is chunked. Transfer codings other than a final "chunked" are refused:
     * we never apply or strip compression at this layer.
     */
    public static boolean chunked(Headers h) throws HttpParseException {
        var te = h.all("Transfer-Encoding");
        if (te.isEmpty()) {
            return false;
        }
        String joined = String.join(",", te).strip();
        if (!joined.equalsIgnoreCase("chunked")) {
            throw new HttpParseException(501, "unsupported Transfer-Encoding: " + abbreviate(joined));
        }
        if (h.contains("Content-Length")) {
            throw new HttpParseException("both Transfer-Encoding and Content-Length present");
        }
        return true;
    }

    /** The body of a request: chunked, Content-Length, or empty (requests are never read to EOF). */
    public static InputStream requestBody(Headers h, InputStream in) throws HttpParseException {
        if (chunked(h)) {
            return new ChunkedInputStream(in);
        }
        OptionalLong len = contentLength(h);
        return new FixedLengthInputStream(in, len.orElse(0));
    }

    /**
     * The body of a response to {@code requestMethod}: none for HEAD, 1xx, 204 and 304; otherwise
     * chunked, Content-Length, or everything until the server closes the connection.
     */
    public static InputStream responseBody(String requestMethod, int status, Headers h, InputStream in)
            throws HttpParseException {
        if (requestMethod.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        if (chunked(h)) {
            return new ChunkedInputStream(in);
        }
        OptionalLong len = contentLength(h);
        if (len.isPresent()) {
            return new FixedLengthInputStream(in, len.getAsLong());
        }
        return new UntilEofInputStream(in);
    }

    /** Writes a start line and headers followed by the empty line; does not flush. */
    public static void writeHead(OutputStream out, String startLine, Headers h) throws IOException {
        StringBuilder sb = new StringBuilder(256).append(startLine).append("\r\n");
        h.forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The standard reason phrase of a status code ("" when unknown). */
    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "";
        };
    }

    /** Docker's error body: {@code {"message":"..."}} plus a newline, as Go's json.Encoder writes it. */
    public static byte[] errorJson(String message) {
        return ("{\"message\":" + jsonString(message) + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON string literal for {@code s}, quotes included. */
    public static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Whether {@code s} is a non-empty RFC 9110 token (method, header name). */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder sb = new StringBuilder(t.length());
        t.chars().forEach(c -> sb.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return sb.toString();
    }
}
