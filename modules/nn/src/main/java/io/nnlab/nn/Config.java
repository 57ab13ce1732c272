package io.nnlab.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A saved configuration read back: a JSON object whose values are checked as they are read, so
 * that a wrong one is an error naming the place, the key, what was expected and what came. The
 * factories registered in {@link Registry} rebuild layers and activations from one.
 *
 * <pre>{@code
 * Registry.registerLayer("Scale", Scale.class, c -> new Scale(c.number("init")));
 * }</pre>
 *
 * <p>Numbers are what {@link io.nnlab.tensor.io.Json} parsed: integers as {@code Long}, others as
 * {@code Double}. Every getter throws an {@link IllegalArgumentException} whose message starts with
 * {@link #where()}; loading turns it into a {@code SafetensorsFormatException} naming the file.
 */
public final class Config {
    private final String where;
    private final Map<?, ?> values;

    /** The object's values; {@code where} names it in errors, e.g. "model.safetensors: layer 2 config". */
    public Config(String where, Map<?, ?> values) {
        this.where = where;
        this.values = values;
    }

    /** Where the object came from, for messages. */
    public String where() { return where; }

    /** Whether the key is present with a value other than null. */
    public boolean has(String key) { return values.get(key) != null; }

    /** The value as parsed, or null when absent (or null). */
    public Object raw(String key) { return values.get(key); }

    /** An error for this key: {@code <where>: "<key>" must be <expected>, got <found>}. */
    public IllegalArgumentException error(String key, String expected, Object found) {
        String f = found == null ? "nothing" : found instanceof String s ? "'" + s + "'" : String.valueOf(found);
        return new IllegalArgumentException(where + ": \"" + key + "\" must be " + expected + ", got "
                + (f.length() > 80 ? f.substring(0, 80) + "..." : f));
    }

    public String string(String key) {
        if (raw(key) instanceof String s) return s;
        throw error(key, "a string", raw(key));
    }

    public boolean bool(String key) {
        if (raw(key) instanceof Boolean b) return b;
        throw error(key, "true or false", raw(key));
    }

    /** A finite number. */
    public double number(String key) {
        if (raw(key) instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw error(key, "a number", raw(key));
    }

    public int integer(String key) {
        if (raw(key) instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw error(key, "an integer", raw(key));
    }

    public List<?> list(String key) {
        if (raw(key) instanceof List<?> l) return l;
        throw error(key, "an array", raw(key));
    }

    /** A nested object, named {@code <where> <key>} in its own errors. */
    public Config object(String key) {
        if (raw(key) instanceof Map<?, ?> m) return new Config(where + " " + key, m);
        throw error(key, "an object", raw(key));
    }

    /** An array of positive integers (a shape). */
    public int[] ints(String key) {
        List<?> l = list(key);
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Long v) || v < 1 || v > Integer.MAX_VALUE) {
                throw error(key, "an array of positive integers", Arrays.toString(l.toArray()));
            }
            out[i] = (int) (long) v;
        }
        return out;
    }

    @Override
    public String toString() { return where + " " + values; }
}
