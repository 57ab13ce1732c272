package io.nnlab.spark;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One point of a {@link Grid}: a value per parameter. A training function reads its
 * hyper-parameters from it: {@code point.getDouble("lr")}, {@code point.getInt("hidden")}.
 */
public final class Point implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> values;

    Point(Map<String, Object> values) { this.values = new LinkedHashMap<>(values); }

    /** The parameters and their values, in the grid's order. */
    public Map<String, Object> values() { return Collections.unmodifiableMap(values); }

    /**
     * The point as {@code name=value} pairs joined by commas ({@code lr=0.01,hidden=4}; empty for the
     * point of no parameters): its name in the report and the name of its folder of runs.
     */
    public String key() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(","));
    }

    /** A number as a double. */
    public double getDouble(String name) {
        if (get(name) instanceof Number n) return n.doubleValue();
        throw wrongType(name, "a number");
    }

    /** A whole number as an int. */
    public int getInt(String name) { return Math.toIntExact(getLong(name)); }

    /** A whole number. */
    public long getLong(String name) {
        if (get(name) instanceof Long l) return l;
        throw wrongType(name, "a whole number");
    }

    public boolean getBoolean(String name) {
        if (get(name) instanceof Boolean b) return b;
        throw wrongType(name, "true or false");
    }

    /** A word, or any value as the grid writes it. */
    public String getString(String name) { return format(get(name)); }

    /** The value of a parameter, or an error naming the point's parameters when it has no such one. */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) throw new IllegalArgumentException("point {" + key() + "} has no parameter '" + name + "'; it has " + values.keySet());
        return v;
    }

    private IllegalArgumentException wrongType(String name, String expected) {
        Object v = values.get(name);
        return new IllegalArgumentException("point {" + key() + "}: parameter '" + name + "' is " + format(v)
                + " (" + v.getClass().getSimpleName() + "), expected " + expected);
    }

    /** How a value is written in keys and reports: Java's shortest exact form for a double. */
    static String format(Object value) { return String.valueOf(value); }

    @Override
    public boolean equals(Object o) { return o instanceof Point p && p.values.equals(values); }

    @Override
    public int hashCode() { return values.hashCode(); }

    @Override
    public String toString() { return "{" + key() + "}"; }
}
