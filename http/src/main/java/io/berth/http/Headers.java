package io.berth.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A case-insensitive, ordered multi-map of HTTP header fields. Iteration ({@link #forEach}) follows
 * insertion order, which is also the order written on the wire.
 *
 * <p>Names must be RFC 9110 tokens and values must not contain CR, LF or NUL: that keeps a value
 * taken from a request (a container name, say) from injecting header lines into a response.
 * Violations throw {@link IllegalArgumentException}. Not thread-safe.
 */
public final class Headers {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    public Headers() {
    }

    /** A new instance holding the given name/value pairs, e.g. {@code Headers.of("Content-Type", "application/json")}. */
    public static Headers of(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("headers need name/value pairs");
        }
        Headers h = new Headers();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            h.add(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return h;
    }

    /** An independent copy. */
    public Headers copy() {
        Headers h = new Headers();
        h.names.addAll(names);
        h.values.addAll(values);
        return h;
    }

    /** The first value of {@code name}, if any. */
    public Optional<String> first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return Optional.of(values.get(i));
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name} in order; empty when absent. */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /**
     * Whether any value of {@code name}, read as a comma-separated list, contains {@code token}
     * (case-insensitive): {@code hasToken("Connection", "upgrade")}.
     */
    public boolean hasToken(String name, String token) {
        for (String v : all(name)) {
            for (String part : v.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces every value of {@code name} with {@code value}; returns this. */
    public Headers set(String name, String value) {
        validate(name, value);
        int at = -1;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                at = i;
            }
        }
        if (at >= 0) {
            names.add(at, name);
            values.add(at, value);
        } else {
            names.add(name);
            values.add(value);
        }
        return this;
    }

    /** Appends a value; returns this. */
    public Headers add(String name, String value) {
        validate(name, value);
        names.add(name);
        values.add(value);
        return this;
    }

    /** Removes every value of {@code name}; returns this. */
    public Headers remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
        return this;
    }

    /** Calls {@code action(name, value)} for each field in insertion order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    /** Number of fields (a name with two values counts twice). */
    public int size() {
        return names.size();
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        forEach((n, v) -> sb.append(sb.length() > 1 ? ", " : "").append(n).append(": ").append(v));
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Headers h) || h.size() != size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).toLowerCase(Locale.ROOT).equals(h.names.get(i).toLowerCase(Locale.ROOT))
                    || !values.get(i).equals(h.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.size(); i++) {
            h = 31 * h + names.get(i).toLowerCase(Locale.ROOT).hashCode();
            h = 31 * h + values.get(i).hashCode();
        }
        return h;
    }

    static void validate(String name, String value) {
        if (name == null || !HttpWire.isToken(name)) {
            throw new IllegalArgumentException("invalid header name: " + name);
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " has no value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("invalid character in value of header " + name);
            }
        }
    }
}
