package io.nnlab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One timing printed by a peer (benchmarks/peers/*.py): a line
 * {@code RESULT peer=numpy bench=mnist_epoch dtype=float32 batch=32 threads=1 coretype=Haswell seconds=0.41},
 * the time of one operation as the peer defines it (one GEMM, one epoch, 5000 steps, one BFGS run),
 * the best of its timed rounds.
 */
record PeerResult(Map<String, String> fields, double seconds) {

    static final String PREFIX = "RESULT ";

    String get(String key) {
        return fields.getOrDefault(key, "");
    }

    /** Every RESULT line of a peer's output; other lines (its own commentary) are skipped. */
    static List<PeerResult> parseAll(List<String> lines) {
        List<PeerResult> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith(PREFIX)) out.add(parse(line));
        }
        return out;
    }

    static PeerResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a peer result line starts with \"" + PREFIX.trim() + "\", got: " + line);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String token : line.substring(PREFIX.length()).trim().split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("peer result fields are key=value, got \"" + token + "\" in: " + line);
            }
            fields.put(token.substring(0, eq), token.substring(eq + 1));
        }
        for (String required : List.of("peer", "bench", "seconds")) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException("peer result line has no " + required + "=…: " + line);
            }
        }
        double seconds;
        try {
            seconds = Double.parseDouble(fields.remove("seconds"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer result seconds= is not a number in: " + line, e);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("peer result seconds must be positive, got " + seconds + " in: " + line);
        }
        return new PeerResult(fields, seconds);
    }
}
