package io.nnlab.tensor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\ud83d\\ude00\\n\"], \"b\": {}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2500.0, true, false, null, "x\u00e9\ud83d\ude00\n"));
        expected.put("b", Map.of());
        assertEquals(expected, v);
    }

    @Test
    void integersBeyond64BitsBecomeDoubles() {
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
    }

    @Test
    void writingThenParsingKeepsValuesAndOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", List.of(1e-7, 0.1, -0.0, 3L));
        m.put("a", "quote \" backslash \\ tab \t control \u0001 snowman \u2603");
        m.put("shape", new int[]{2, 3});
        String text = Json.write(m);
        assertTrue(text.chars().allMatch(c -> c < 0x7f), "ASCII only: " + text);
        Map<String, Object> back = new LinkedHashMap<>(m);
        back.put("shape", List.of(2L, 3L));
        assertEquals(back, Json.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
            "\"\\x\"", "\"a", "\"\u0001\"", "{\"a\" 1}", "{1:2}", "[1 2]", "1 2", "\"\\ud800\"", "\"\\udc00\"",
            "\"\\ud800\\u0041\"", "NaN", "Infinity", "// c\n1", "'a'"})
    void refusesWhatRfc8259DoesNotAllow(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
        assertTrue(e.getMessage().startsWith("JSON: "), e.getMessage());
    }

    @Test
    void refusesDuplicateKeysAndDeepNesting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"k\":1,\"k\":2}"))
                .getMessage().contains("duplicate key \"k\""));
        Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
        assertThrows(IllegalArgumentException.class,
                () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
    }

    @Test
    void refusesToWriteWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
