package io.berth.http.server;

import io.berth.http.HttpStatusException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request's query string, decoded as Go's {@code url.ParseQuery} does ({@code &}-separated,
 * {@code +} is a space, percent-escapes must be valid UTF-8). Multi-valued; names are case-sensitive.
 * Immutable and thread-safe. Malformed input or values fail with
 * {@link HttpStatusException} 400, which the server turns into a 400 response.
 */
public final class QueryParams {
    private static final QueryParams EMPTY = new QueryParams(Map.of());
    private final Map<String, List<String>> params;

    private QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    /** Parses a raw query (the part after '?', without it); "" gives no parameters. */
    public static QueryParams parse(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
            m.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return new QueryParams(Collections.unmodifiableMap(m));
    }

    /** The first value of {@code name}. */
    public Optional<String> get(String name) {
        List<String> v = params.get(name);
        return v == null ? Optional.empty() : Optional.of(v.getFirst());
    }

    /** All values of {@code name} in order; empty when absent. */
    public List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** Parameter names in order of first appearance. */
    public Set<String> names() {
        return params.keySet();
    }

    /** An unmodifiable view: name → values. */
    public Map<String, List<String>> asMap() {
        return params;
    }

    /**
     * A boolean the way Docker reads one: absent → {@code def}; "", "0", "no", "false", "none"
     * (any case, trimmed) → false; anything else ("1", "true", "True") → true.
     */
    public boolean bool(String name, boolean def) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return def;
        }
        String s = v.get().strip().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** An int: absent or empty → {@code def}; not a decimal int → 400. */
    public int integer(String name, int def) {
        long v = longInteger(name, def);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(name, get(name).orElse(""));
        }
        return (int) v;
    }

    /** A long: absent or empty → {@code def}; not a decimal long → 400. */
    public long longInteger(String name, long def) {
        Optional<String> v = get(name);
        if (v.isEmpty() || v.get().isEmpty()) {
            return def;
        }
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw invalid(name, v.get());
        }
    }

    private static HttpStatusException invalid(String name, String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return new HttpStatusException(400, "invalid integer value for query parameter " + name + ": \"" + shown + "\"");
    }

    /**
     * Percent-decodes {@code s} to UTF-8 text; {@code plusIsSpace} for query components.
     *
     * @throws HttpStatusException 400 on a bad escape, NUL, or invalid UTF-8
     */
    public static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new HttpStatusException(400, "invalid percent-encoding in request target");
                }
                int b = hi * 16 + lo;
                if (b == 0) {
                    throw new HttpStatusException(400, "NUL in request target");
                }
                out.write(b);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                int cp = s.codePointAt(i);
                byte[] bytes = Character.toString(cp).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(cp) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpStatusException(400, "request target is not valid utf-8");
        }
    }

    @Override
    public String toString() {
        return params.toString();
    }
}
