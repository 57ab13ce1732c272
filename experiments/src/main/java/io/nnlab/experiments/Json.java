package io.nnlab.experiments;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal JSON writer for the results file: maps, lists, strings, numbers, booleans, null. */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            string(sb, s);
        } else if (v instanceof Double d) {
            // JSON has no NaN or infinity; null says "no finite value".
            sb.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("  ".repeat(indent + 1));
                string(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean flat = l.stream().allMatch(x -> !(x instanceof Map) && !(x instanceof List));
            sb.append(flat ? "[" : "[\n");
            for (int i = 0; i < l.size(); i++) {
                if (!flat) sb.append("  ".repeat(indent + 1));
                write(sb, l.get(i), indent + 1);
                if (i < l.size() - 1) sb.append(flat ? ", " : ",\n");
            }
            sb.append(flat ? "]" : "\n" + "  ".repeat(indent) + "]");
        } else {
            string(sb, v.toString());
        }
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return Double.toString(d).toLowerCase(Locale.ROOT);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append(io.nnlab.tensor.io.Json.quote(s));
    }
}
