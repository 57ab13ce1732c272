package io.nnlab.optim;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The progress display: a line per epoch where output is not a terminal, a bar redrawn in place on a
 * terminal (a fake one here: what a terminal would show is worked out from the carriage returns), and
 * the choice between them in a real pseudo-terminal.
 */
class ProgressTest {

    private static final DType F64 = DType.FLOAT64;

    private static Tensor column(int n, java.util.function.IntToDoubleFunction f) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = f.applyAsDouble(i);
        return Tensor.of(F64, v, n, 1);
    }

    private static final Tensor X = column(20, i -> i / 10.0 - 1);
    private static final Tensor Y = column(20, i -> 2 * (i / 10.0 - 1) + 0.5);

    private static Trainer trainer() {
        return new Trainer(LinearModel.regression(F64, 0, 0), new MseLoss(), new Sgd(0.1), Metric.meanSquaredError());
    }

    /** Slows every step past the bar's 50 ms redraw interval, so that every step is drawn. */
    private static final Callback SLOW = new Callback() {
        @Override
        public void onBatchEnd(int epoch, int batch, double loss, TrainingRun run) {
            try {
                Thread.sleep(60);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    };

    private static void run(Progress progress, int epochs, Callback... callbacks) {
        trainer().fit(X, Y, FitOptions.builder().batchSize(5).epochs(epochs).seed(1).callbacks(callbacks)
                .progress(progress).build());
    }

    /** What a terminal shows after this output: '\r' returns to the line's start, '\n' starts the next. */
    static List<String> screen(String output) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (char c : output.toCharArray()) {
            if (c == '\r') {
                col = 0;
            } else if (c == '\n') {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
                col = 0;
            } else {
                if (col < line.length()) line.setCharAt(col, c);
                else line.append(c);
                col++;
            }
        }
        if (!line.isEmpty()) lines.add(line.toString().stripTrailing());
        return lines;
    }

    private static ByteArrayOutputStream bytes() { return new ByteArrayOutputStream(); }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalEachEpochIsOneLine() {
        ByteArrayOutputStream bytes = bytes();
        run(Progress.lines(print(bytes)), 3, SLOW);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "nothing is redrawn: " + text);
        String[] lines = text.split("\n");
        assertEquals(5, lines.length, text);
        assertTrue(lines[0].startsWith("training: 20 samples, batches of 5 (4 steps per epoch), 3 epochs, Sgd("), text);
        for (int e = 1; e <= 3; e++) {
            assertTrue(lines[e].matches("epoch " + e + "/3 - loss \\S+ - mse \\S+ - \\S+ elapsed.*"), lines[e]);
        }
        assertTrue(lines[4].startsWith("stopped: completed epochs: 3 epochs, 12 iterations"), text);
    }

    @Test
    void inSurefireSystemOutIsNoTerminal() {
        assertFalse(new Progress(System.out).redrawsInPlace(), "surefire's fork writes to a pipe");
        assertFalse(new Progress(print(bytes())).redrawsInPlace(), "only System.out and System.err can be the terminal");
        assertTrue(Progress.bar(print(bytes()), 80).redrawsInPlace());
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEachEpochLeavesItsLine() {
        ByteArrayOutputStream bytes = bytes();
        run(Progress.bar(print(bytes), 80), 2, SLOW);
        String text = bytes.toString(StandardCharsets.UTF_8);

        // What was drawn: the bar after every step, never reaching the terminal's last column.
        List<String> drawn = Arrays.stream(text.split("[\r\n]")).filter(s -> s.contains("ETA")).toList();
        assertEquals(6, drawn.size(), "steps 1-3 of each epoch; the 4th ends it: " + drawn);
        assertTrue(drawn.get(0).matches("epoch 1/2 \\[=+> +] 1/4 - \\d+ steps/s - ETA \\S+ - loss \\S+"),
                drawn.get(0));
        assertTrue(drawn.get(2).matches("epoch 1/2 \\[=+> +] 3/4 - .*"), drawn.get(2));
        int width = drawn.get(0).indexOf(']') - drawn.get(0).indexOf('[') - 1;
        assertTrue(width >= 10 && width < 30, "the bar gives way to the numbers: " + width);
        assertEquals(width * 3 / 4, drawn.get(2).indexOf('>') - drawn.get(2).indexOf('[') - 1, drawn.get(2));
        for (String d : drawn) assertTrue(d.length() <= 79, d);

        // What stays on the screen: no trace of the bars under each epoch's line.
        List<String> screen = screen(text);
        assertEquals(4, screen.size(), String.join("\n", screen));
        assertTrue(screen.get(0).startsWith("training: 20 samples"), screen.get(0));
        for (int e = 1; e <= 2; e++) {
            String line = screen.get(e);
            assertTrue(line.matches("epoch " + e + "/2 \\[={30}] 4/4 - \\S+ \\d+ steps/s - loss \\S+ - mse \\S+"), line);
        }
        assertTrue(screen.get(3).startsWith("stopped: completed epochs: 2 epochs, 8 iterations"), screen.get(3));
    }

    @Test
    void aNarrowTerminalGetsACutBarAndSkippedEpochsAreOverwritten() {
        ByteArrayOutputStream bytes = bytes();
        run(Progress.bar(print(bytes), 40).everyEpochs(2), 4, SLOW);
        String text = bytes.toString(StandardCharsets.UTF_8);
        // Everything drawn in place fits in 39 columns; only the lines that stay may be longer.
        List<String> inPlace = Arrays.stream(text.split("\r")).filter(d -> !d.contains("\n") && !d.isEmpty()).toList();
        assertEquals(13, inPlace.size(), "3 bars per epoch and epoch 3's line: " + inPlace);
        for (String d : inPlace) assertTrue(d.stripTrailing().length() <= 39, "'" + d + "'");
        List<String> screen = screen(text);
        assertEquals(5, screen.size(), String.join("\n", screen));
        assertTrue(screen.get(1).startsWith("epoch 1/4 ["), screen.get(1));
        assertTrue(screen.get(2).startsWith("epoch 2/4 ["), screen.get(2));
        assertTrue(screen.get(3).startsWith("epoch 4/4 ["), "epoch 3's line was drawn over: " + screen);
    }

    @Test
    void evaluateInBatchesGivesTheOnePassValuesAndShowsItsProgress() {
        Trainer t = trainer();
        t.fit(X, Y, FitOptions.builder().batchSize(5).epochs(2).seed(1).build());
        Map<String, Double> once = t.evaluate(X, Y);

        ByteArrayOutputStream lineBytes = bytes();
        Map<String, Double> batched = t.evaluate(X, Y, 6, Progress.lines(print(lineBytes)));
        assertEquals(once.keySet(), batched.keySet());
        assertEquals(once.get("loss"), batched.get("loss"), 1e-12);
        assertEquals(once.get("mse"), batched.get("mse"), 0.0, "the metric sees all predictions at once");
        String line = lineBytes.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("evaluate: 20 samples in 4 steps - loss \\S+ - mse \\S+ - \\S+\n"), line);

        ByteArrayOutputStream barBytes = bytes();
        t.evaluate(X, Y, 6, Progress.bar(print(barBytes), 80));
        List<String> screen = screen(barBytes.toString(StandardCharsets.UTF_8));
        assertEquals(1, screen.size(), screen.toString());
        assertTrue(screen.get(0).matches("evaluate \\[={30}] 4/4 - \\S+ \\d+ steps/s - loss \\S+ - mse \\S+"), screen.get(0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.evaluate(X, Y, 0, Progress.lines(print(bytes()))));
        assertTrue(e.getMessage().contains("batchSize must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void verbosityZeroIsSilentAndOnlyZeroToTwoAreLevels() {
        assertEquals(null, FitOptions.builder().verbose(0).build().progress());
        assertFalse(FitOptions.builder().verbose(2).build().progress().redrawsInPlace());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().verbose(3));
        assertTrue(e.getMessage().contains("verbose must be 0, 1 or 2, got 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Progress.bar(System.out, 39));
    }

    @Test
    void theTerminalWidthComesFromColumnsElse80() {
        assertEquals(132, Progress.columns("132"));
        assertEquals(80, Progress.columns(null));
        assertEquals(80, Progress.columns("wide"));
        assertEquals(80, Progress.columns("12"));
    }

    // ------------------------------------------------------------------ a real pseudo-terminal

    /** The child JVM: a short fit with verbose(1), as a user's program would write it. */
    public static final class Child {
        public static void main(String[] args) {
            trainer().fit(X, Y, FitOptions.builder().batchSize(5).epochs(2).seed(1).verbose(1).build());
        }
    }

    private static String child(boolean inATerminal) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> javaCmd = List.of(java, "-XX:TieredStopAtLevel=1", "-Dnnlab.backend=scalar",
                "-cp", System.getProperty("java.class.path"), Child.class.getName());
        List<String> cmd = new ArrayList<>();
        if (inATerminal) {
            // script(1) runs the command in a new pseudo-terminal, as a shell in a terminal window would.
            cmd.addAll(List.of("script", "-qec", String.join(" ", javaCmd.stream().map(a -> "'" + a + "'").toList()),
                    "/dev/null"));
        } else {
            cmd.addAll(javaCmd);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child finishes");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void verboseOneDrawsABarInARealTerminalAndLinesThroughAPipe() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) from util-linux makes the terminal");
        String terminal = child(true);
        assertTrue(terminal.contains("epoch 2/2 [==="), "a bar in the terminal: " + terminal);
        String pipe = child(false);
        assertTrue(pipe.contains("epoch 2/2 - loss "), "lines through a pipe: " + pipe);
        assertFalse(pipe.contains("["), pipe);
    }
}
