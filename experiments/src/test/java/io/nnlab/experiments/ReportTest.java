package io.nnlab.experiments;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        List<Result> runs = new java.util.ArrayList<>();
        for (int i = 1; i <= 21; i++) runs.add(new Result("t9.s").metric("m", i));
        Sweep s = new Sweep(runs);
        assertEquals(11, s.spread("m").median(), 1e-12);
        assertEquals(2, s.spread("m").p5(), 1e-12);    // numpy.percentile(1..21, 5) = 2.0
        assertEquals(20, s.spread("m").p95(), 1e-12);
        assertEquals(10 / 21.0, s.share("m", v -> v > 11), 1e-12);
        assertFalse(s.runs().isEmpty());
        String md = Report.markdown(List.of(withSweep(runs)));
        assertTrue(md.contains("11 (5–95 %: 2 – 20, 21 seeds)"), md);
    }

    private static Result withSweep(List<Result> runs) {
        Result head = runs.get(0);
        head.sweep(new Sweep(runs));
        return head;
    }
}
