package io.nnlab.spark;

import io.nnlab.experiments.Result;
import io.nnlab.tensor.io.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished run of a sweep, as its task returns it and as its file keeps it: which run, what it
 * computed with and where, and its result or its failure.
 *
 * @param vectorBits the width of the vectors of the JVM it ran in
 * @param attempts   the attempts Spark made, the last one counted
 */
record RunRecord(String target, Point point, long seed, String backend, String dtype, int vectorBits,
                 String host, String executor, int attempts, Result result, SweepFailure failure) {

    static final String FORMAT = "nnlab-sweep-run/1";

    boolean ok() { return result != null; }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("target", target);
        m.put("point", new LinkedHashMap<>(point.values()));
        m.put("seed", seed);
        m.put("status", ok() ? "ok" : "failed");
        m.put("backend", backend);
        m.put("dtype", dtype);
        m.put("vector_bits", vectorBits);
        m.put("host", host);
        m.put("executor", executor);
        m.put("attempts", attempts);
        if (ok()) {
            m.put("result", ResultJson.write(result));
        } else {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("exception", failure.exception());
            e.put("message", failure.message());
            e.put("stack_trace", failure.stackTrace());
            m.put("error", e);
        }
        return Json.writeIndented(m);
    }

    /** @throws IllegalArgumentException saying what is wrong where the text is not a run record */
    static RunRecord parse(String text) {
        Map<String, Object> m = ResultJson.cast(Json.parse(text), "a run record");
        if (!FORMAT.equals(m.get("format"))) {
            throw new IllegalArgumentException("expected a run record of format " + FORMAT + ", got format " + m.get("format"));
        }
        String target = ResultJson.string(m, "target");
        Point point = new Point(ResultJson.map(m, "point"));
        long seed = ResultJson.whole(m, "seed");
        String host = ResultJson.string(m, "host");
        int attempts = (int) ResultJson.whole(m, "attempts");
        Result result = null;
        SweepFailure failure = null;
        switch (ResultJson.string(m, "status")) {
            case "ok" -> result = ResultJson.read(ResultJson.map(m, "result"));
            case "failed" -> {
                Map<String, Object> e = ResultJson.map(m, "error");
                failure = new SweepFailure(target, point.key(), seed, attempts, host, ResultJson.string(e, "exception"),
                        (String) e.get("message"), ResultJson.string(e, "stack_trace"));
            }
            default -> throw new IllegalArgumentException("'status': expected ok or failed, got " + m.get("status"));
        }
        return new RunRecord(target, point, seed, ResultJson.string(m, "backend"), ResultJson.string(m, "dtype"),
                (int) ResultJson.whole(m, "vector_bits"), host, ResultJson.string(m, "executor"), attempts, result, failure);
    }
}
