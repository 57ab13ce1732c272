package io.nnlab.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report writer: results.json, REPORT.md, PNG figures (drawn by nnlab-plots) and CSV traces, from hand-made results. */
class ReportTest {

    private static Result sample() {
        Result r = new Result("t9.sample").seed(3).dtype("float64");
        r.metric("final_mse", 0.0117).metric("iterations", 2614).metric("broken", Double.NaN);
        r.printed("final_mse", 0.0117, 5e-5).printed("iterations", 2600, 50);
        r.note("A \"quoted\" note\nover two lines.");
        r.trace("mse", new double[]{1.5, 0.5, 0.0117});
        r.figure(Figure.xy("t9/fit.png", "Fit").labels("x", "y")
                .scatter("data", new double[]{0, 1, 2}, new double[]{0, 1, 4})
                .line("model", new double[]{0, 1, 2}, new double[]{0.1, 1.1, 3.9}));
        r.figure(Figure.bar("t9/probs.png", "Probabilities").bars("p", new double[]{0, 1, 2}, new double[]{0.2, 0.7, 0.1}));
        r.figure(Figure.image("t9/digit.png", "Digit", new double[][]{{0, 1}, {1, 0}}));
        r.wallMs(12.5);
        return r;
    }

    @Test
    void writesJsonMarkdownFiguresAndTraces(@TempDir Path dir) throws Exception {
        Report.write(dir, List.of(sample()));

        String json = Files.readString(dir.resolve("results.json"));
        assertTrue(json.contains("\"id\": \"t9.sample\""), json);
        assertTrue(json.contains("\"final_mse\": 0.0117"), json);
        assertTrue(json.contains("\"iterations\": 2614"), json);
        assertTrue(json.contains("\"broken\": null"), "NaN is not JSON: " + json);
        assertTrue(json.contains("A \\\"quoted\\\" note\\nover two lines."), json);
        assertTrue(json.contains("\"figures\": [\"t9/fit.png\", \"t9/probs.png\", \"t9/digit.png\"]"), json);
        assertTrue(json.contains("\"wall_ms\": 12.5"), json);

        String md = Files.readString(dir.resolve("REPORT.md"));
        assertTrue(md.contains("| `t9.sample` | final_mse | 0.0117 | 0.0117 | matches |"), md);
        assertTrue(md.contains("| `t9.sample` | iterations | 2600 | 2614 | matches |"), md);
        assertTrue(md.contains("| `t9.sample` | broken |  | nan | — |"), md);
        assertTrue(md.contains("![Fit](t9/fit.png)"), md);

        for (String png : new String[]{"t9/fit.png", "t9/probs.png", "t9/digit.png"}) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(img, png + " is a PNG");
            assertTrue(img.getWidth() >= 400, png);
        }
        List<String> csv = Files.readAllLines(dir.resolve("t9/sample-mse.csv"));
        assertEquals(List.of("step,mse", "0,1.5", "1,0.5", "2,0.0117"), csv);
    }

    @Test
    void verdictSaysDiffersOutsideThePrintedDigits(@TempDir Path dir) throws Exception {
        Result r = new Result("t9.off").metric("cost", 1.0).printed("cost", 2.0, 0.05);
        r.wallMs(1);
        Report.write(dir, List.of(r));
        assertTrue(Files.readString(dir.resolve("REPORT.md")).contains("| `t9.off` | cost | 2 | 1 | differs |"));
    }

    @Test
    void sweepReportsMedianAndRange() {
        Result head = swept(21, "m", i -> i, 11, 0);
        Sweep s = head.sweep();
        assertEquals(11, s.spread("m").median(), 1e-12);
        assertEquals(2, s.spread("m").p5(), 1e-12);    // numpy.percentile(1..21, 5) = 2.0
        assertEquals(20, s.spread("m").p95(), 1e-12);
        assertEquals(10 / 21.0, head.share(run -> run.metric("m") > 11), 1e-12);
        assertEquals(21 * 1.5, s.wallMs(), 1e-12);
        String md = Report.markdown(List.of(head), Map.of(), new Report.Compute(21, 2, 40));
        assertTrue(md.contains("11 (5–95 %: 2 – 20, 21 seeds)"), md);
        assertTrue(md.contains("| `t9.s` | m | 11 | 11 (5–95 %: 2 – 20, 21 seeds) | inside nnlab's 5–95 % range (at the 50th "
                + "percentile) |"), md);
    }

    @Test
    void theHeadCountsTheVerdictsPerTutorialAndListsWhatFailed() {
        Result exact = new Result("t8.exact").metric("a", 1).metric("b", 2).metric("c", 3)
                .printed("a", 1, 0).printed("b", 2.5, 0.1);
        Result oneSeed = new Result("t8.one").stochastic(true).metric("x", 0.5).printed("x", 0.4, 0.01);
        Result inside = swept(20, "m", i -> i, 10, 0);
        Result outside = swept(20, "n", i -> i, 40, 0);
        String md = Report.markdown(List.of(exact, oneSeed, inside, outside),
                Map.of("t9.gone", "MNIST: not found\nlooked in"), new Report.Compute(42, 2, 1234));
        String head = md.substring(0, md.indexOf("## "));
        assertTrue(head.contains("| tutorial | printed | match | differ | inside nnlab's 5–95 % | outside it | one seed, not judged "
                + "| never printed |"), head);
        assertTrue(head.contains("| t8 — t8 | 3 | 1 | 1 | 0 | 0 | 1 | 1 |"), head);
        assertTrue(head.contains("| t9 — t9 | 2 | 0 | 0 | 1 | 1 | 0 | 0 |"), head);
        assertTrue(head.contains("| all | 5 | 1 | 1 | 1 | 1 | 1 | 1 |"), head);
        assertTrue(head.contains("42 runs, up to 2 at once, took 1.2 s of wall time"), head);
        assertTrue(head.contains("- `t9.gone`: MNIST: not found looked in"), head);
        // Only the deterministic result can differ; the stochastic ones are placed in their spread.
        assertTrue(md.contains("| `t8.exact` | b | 2.5 | 2 | differs |"), md);
        assertTrue(md.contains("| `t8.one` | x | 0.4 | 0.5 | one seed, not judged"), md);
        assertTrue(md.contains("| `t9.s` | n | 40 | 10.5 (5–95 %: 1.95 – 19.05, 20 seeds) | outside: above all 20 seeds |"),
                md);
    }

    /** A stochastic result over seeds 1..n, metric = f(seed), printed value given; the head is seed 1's. */
    static Result swept(int n, String metric, LongToDoubleFunction f, double printed, double tolerance) {
        List<Run> runs = new ArrayList<>();
        for (long seed = 1; seed <= n; seed++) {
            runs.add(new Run("t9.s", seed, "float64", 1.5, Map.of(metric, f.applyAsDouble(seed))));
        }
        Result head = new Result("t9.s").stochastic(true).seed(1).metric(metric, f.applyAsDouble(1)).printed(metric, printed, tolerance);
        head.sweep(new Sweep(runs));
        return head;
    }
}
