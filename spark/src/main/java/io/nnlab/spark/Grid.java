package io.nnlab.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A hyper-parameter grid: named axes, each a list of values, swept as their Cartesian product.
 *
 * <pre>{@code
 * Grid grid = Grid.of("lr", 0.01, 0.1).and("hidden", 4, 8);   // 4 points: lr outermost
 * }</pre>
 *
 * <p>Values are whole numbers (kept as {@code long}), decimals (kept as {@code double}), booleans or
 * short words; names and words use letters, digits and {@code _ . + -}, so that a point's
 * {@linkplain Point#key() key} can name its folder of runs. {@link #none()} is the grid of one point
 * with no parameters: a plain seed sweep.
 */
public final class Grid implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.+-]+");

    private final Map<String, List<Object>> axes;

    private Grid(Map<String, List<Object>> axes) { this.axes = axes; }

    /** The grid of one point with no parameters. */
    public static Grid none() { return new Grid(new LinkedHashMap<>()); }

    /** A grid of one axis. */
    public static Grid of(String name, Object... values) { return none().and(name, values); }

    /**
     * This grid with one more axis, innermost.
     *
     * @throws IllegalArgumentException for a bad or repeated name, no values, a repeated value, a
     *                                  non-finite number, or a value of another type
     */
    public Grid and(String name, Object... values) {
        if (name == null || !WORD.matcher(name).matches()) {
            throw new IllegalArgumentException("grid: a parameter name uses letters, digits and _ . + -, got '" + name + "'");
        }
        if (axes.containsKey(name)) throw new IllegalArgumentException("grid: parameter '" + name + "' is given twice");
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("grid: parameter '" + name + "' has no values");
        }
        List<Object> list = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Object v : values) {
            Object value = normalise(name, v);
            if (!seen.add(Point.format(value))) {
                throw new IllegalArgumentException("grid: parameter '" + name + "' repeats the value " + v);
            }
            list.add(value);
        }
        Map<String, List<Object>> next = new LinkedHashMap<>(axes);
        next.put(name, List.copyOf(list));
        return new Grid(next);
    }

    /**
     * One axis from its command-line form {@code name=v1,v2,...}: a value that reads as a whole number
     * is one, else a decimal, else {@code true}/{@code false}, else a word.
     */
    public Grid and(String axis) {
        int eq = axis.indexOf('=');
        if (eq < 1 || eq == axis.length() - 1) {
            throw new IllegalArgumentException("grid: expected name=value,value,... (e.g. lr=0.01,0.1), got '" + axis + "'");
        }
        String[] parts = axis.substring(eq + 1).split(",", -1);
        Object[] values = new Object[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parseValue(parts[i].trim());
        return and(axis.substring(0, eq).trim(), values);
    }

    /** The parameters' names, outermost first. */
    public List<String> names() { return List.copyOf(axes.keySet()); }

    /** The number of points. */
    public int size() {
        int n = 1;
        for (List<Object> values : axes.values()) n = Math.multiplyExact(n, values.size());
        return n;
    }

    /** Every point, the first axis varying slowest. */
    public List<Point> points() {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            points = next;
        }
        return points.stream().map(Point::new).toList();
    }

    @Override
    public String toString() { return axes.isEmpty() ? "no grid" : axes.toString(); }

    private static Object normalise(String name, Object v) {
        return switch (v) {
            case Integer i -> (long) i;
            case Long l -> l;
            case Short s -> (long) s;
            case Float f -> finite(name, f.doubleValue());
            case Double d -> finite(name, d);
            case Boolean b -> b;
            case String s when WORD.matcher(s).matches() -> s;
            case null, default -> throw new IllegalArgumentException("grid: parameter '" + name
                    + "' takes numbers, booleans or words of letters, digits and _ . + -, got " + v
                    + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")"));
        };
    }

    private static double finite(String name, double d) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("grid: parameter '" + name + "' has the value " + d);
        return d;
    }

    private static Object parseValue(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException notWhole) {
            // a decimal, a boolean or a word
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException notDecimal) {
            // a boolean or a word
        }
        if (s.equals("true") || s.equals("false")) return Boolean.parseBoolean(s);
        return s;
    }
}
