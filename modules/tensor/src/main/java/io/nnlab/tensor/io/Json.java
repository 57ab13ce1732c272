package io.nnlab.tensor.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer (RFC 8259) for file headers: what safetensors headers and
 * nnlab's architecture descriptions need, and nothing that a hostile file could make expensive.
 *
 * <p>Values are {@code Map<String, Object>} (keys in file order), {@code List<Object>},
 * {@code String}, {@code Long} (an integer literal that fits in 64 bits), {@code Double} (any other
 * number), {@code Boolean} and {@code null}. Reading rejects anything RFC 8259 does not allow —
 * trailing commas, comments, leading zeros, unescaped control characters, lone surrogates — plus
 * duplicate keys and nesting deeper than {@link #MAX_DEPTH}, each with the position and what was
 * expected there.
 */
public final class Json {

    /** The deepest nesting of arrays and objects {@link #parse} accepts. */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) { this.text = text; }

    /**
     * Parses one JSON value filling the whole text (whitespace around it aside).
     *
     * @throws IllegalArgumentException naming the offset and what was expected when the text is not JSON
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) throw p.error("the end of the text after the value");
        return v;
    }

    // ---------------------------------------------------------------- reading

    private Object value(int depth) {
        if (pos >= text.length()) throw error("a value");
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("a value");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        checkDepth(depth);
        pos++; // {
        Map<String, Object> m = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(m);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') throw error("a string key");
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (m.containsKey(key)) {
                throw new IllegalArgumentException("JSON: duplicate key \"" + shorten(key) + "\" at offset " + keyAt);
            }
            m.put(key, v);
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') return Collections.unmodifiableMap(m);
            if (c != ',') {
                pos--;
                throw error("',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        checkDepth(depth);
        pos++; // [
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') return Collections.unmodifiableList(list);
            if (c != ',') {
                pos--;
                throw error("',' or ']'");
            }
        }
    }

    private String string() {
        pos++; // "
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) throw error("a closing '\"'");
            char c = text.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c < 0x20) {
                pos--;
                throw error("an escaped control character (U+" + String.format("%04X", (int) c) + " must be written \\u)");
            }
            if (Character.isSurrogate(c)) {
                // A surrogate arrives here only from a String built from malformed UTF-16; pairs pass.
                if (Character.isHighSurrogate(c) && pos < text.length() && Character.isLowSurrogate(text.charAt(pos))) {
                    sb.append(c).append(text.charAt(pos++));
                    continue;
                }
                pos--;
                throw error("a complete character, not a lone surrogate");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) throw error("an escape character after '\\'");
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (!text.startsWith("\\u", pos)) throw error("a \\u low surrogate after a high surrogate");
                        pos += 2;
                        char low = hex4();
                        if (!Character.isLowSurrogate(low)) {
                            pos -= 6;
                            throw error("a \\u low surrogate after a high surrogate");
                        }
                        sb.append(u).append(low);
                    } else if (Character.isLowSurrogate(u)) {
                        pos -= 6;
                        throw error("a high surrogate before a low one");
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos--;
                    throw error("one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u");
                }
            }
        }
    }

    private char hex4() {
        if (pos + 4 > text.length()) throw error("four hex digits");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos), 16);
            if (d < 0) throw error("a hex digit");
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        boolean integer = true;
        if (peek() == '-') pos++;
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) pos++;
        } else {
            throw error("a digit");
        }
        if (peek() == '.') {
            integer = false;
            pos++;
            if (!isDigit(peek())) throw error("a digit after '.'");
            while (isDigit(peek())) pos++;
        }
        if (peek() == 'e' || peek() == 'E') {
            integer = false;
            pos++;
            if (peek() == '+' || peek() == '-') pos++;
            if (!isDigit(peek())) throw error("a digit in the exponent");
            while (isDigit(peek())) pos++;
        }
        String s = text.substring(start, pos);
        if (integer && s.length() <= 20) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooLarge) {
                // falls through to a double, as JavaScript would read it
            }
        }
        return Double.parseDouble(s);
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, pos)) throw error("'" + word + "'");
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON: nesting deeper than " + MAX_DEPTH + " levels at offset " + pos);
        }
    }

    private void expect(char c) {
        if (peek() != c) throw error("'" + c + "'");
        pos++;
    }

    /** The next character, or 0 at the end (never valid where it is checked). */
    private char peek() { return pos < text.length() ? text.charAt(pos) : 0; }

    private static boolean isDigit(char c) { return c >= '0' && c <= '9'; }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
            pos++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = pos >= text.length() ? "the end of the text"
                : "'" + shorten(text.substring(pos, Math.min(text.length(), pos + 12))) + "'";
        return new IllegalArgumentException("JSON: expected " + expected + " at offset " + pos + ", found " + found);
    }

    private static String shorten(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a value of the types {@link #parse} returns (any {@link Map} with String keys, any
     * {@link List}, any {@link Number}, plus int arrays) as compact JSON; map order is kept.
     *
     * @throws IllegalArgumentException for a non-finite number or a value of another type
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 0, false);
        return sb.toString();
    }

    /**
     * The same JSON as {@link #write}, laid out for people: each map entry, and each element of a
     * list holding maps or lists, on a line of its own, indented two spaces a level; a final newline.
     */
    public static String writeIndented(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb, 0, true);
        return sb.append('\n').toString();
    }

    private static void write(Object v, StringBuilder sb, int depth, boolean indented) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON: nesting deeper than " + MAX_DEPTH + " levels");
        }
        switch (v) {
            case null -> sb.append("null");
            case String s -> quote(s, sb);
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(finite(d));
            case Float f -> sb.append(finite(f.doubleValue()));
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) sb.append(i > 0 ? (indented ? ", " : ",") : "").append(a[i]);
                sb.append(']');
            }
            case List<?> list -> {
                boolean lines = indented && list.stream().anyMatch(x -> x instanceof Map || x instanceof List);
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) sb.append(lines || !indented ? "," : ", ");
                    if (lines) newLine(sb, depth + 1);
                    write(list.get(i), sb, depth + 1, indented);
                }
                if (lines) newLine(sb, depth);
                sb.append(']');
            }
            case Map<?, ?> map -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON: object keys must be strings, got " + e.getKey());
                    }
                    if (!first) sb.append(',');
                    if (indented) newLine(sb, depth + 1);
                    quote(key, sb);
                    sb.append(indented ? ": " : ":");
                    write(e.getValue(), sb, depth + 1, indented);
                    first = false;
                }
                if (indented && !map.isEmpty()) newLine(sb, depth);
                sb.append('}');
            }
            default -> throw new IllegalArgumentException("JSON: cannot write a " + v.getClass().getName() + ": " + v);
        }
    }

    private static void newLine(StringBuilder sb, int depth) {
        sb.append('\n').append("  ".repeat(depth));
    }

    private static String finite(double d) {
        if (!Double.isFinite(d)) throw new IllegalArgumentException("JSON: has no way to write " + d);
        return Double.toString(d);
    }

    /** s as a JSON string literal, quotes included, in ASCII (other characters escaped). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(s, sb);
        return sb.toString();
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) sb.append(String.format("\\u%04x", (int) c)); // ASCII-only output
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
