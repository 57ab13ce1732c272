package io.nnlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Safetensors;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training that checkpoints every epoch, killed with SIGKILL at random moments, always leaves a
 * checkpoint that loads, and resuming from it ends with the bits of a run never interrupted.
 *
 * <p>The runs live in a child JVM ({@link CrashResumeChild}): {@value #RUNS} independent runs in
 * parallel threads, so that one kill catches each run at another point of its epoch or its save. The
 * child starts fast (C1 only, the scalar kernels, a small heap). Half the kills come at a random delay
 * after the child starts; the other half right after a temporary checkpoint file appears (plus a random
 * few microseconds), that is, while a save is being written or flushed, which is the moment an unsafe
 * save would tear a file. Both are drawn from a fixed seed. After each kill, every run's checkpoint must
 * load (its checksums verified) and must not have gone back; a kill is counted as mid-save for a run
 * when the dead child left a temporary file there. A round restarts the child until every run is done,
 * then compares each run's last checkpoint — weights, optimiser state, step count — bit for bit with a
 * run that was never killed, and checks that the next saves removed the temporary files the kills left.
 * Rounds repeat until at least {@value #KILL_POINTS} kill points, {@value #MID_SAVE} of them mid-save,
 * have been tested.
 */
class CrashResumeTest {

    static final int RUNS = 4;
    static final int EPOCHS = 30;
    static final int KILL_POINTS = 60;
    static final int MID_SAVE = 15;

    @TempDir
    Path dir;

    private final Random random = new Random(20251207);

    @Test
    void killedAnywhereEvenMidSaveTheLastCheckpointLoadsAndResumesToTheSameBits() throws Exception {
        long start = System.nanoTime();
        Path reference = dir.resolve("reference");
        Child never = Child.start(reference, "sequential");
        assertTrue(never.finish(), never.describe());

        int killPoints = 0, midSave = 0, kills = 0, rounds = 0;
        while (killPoints < KILL_POINTS || midSave < MID_SAVE) {
            assertTrue(kills < 400, "only " + midSave + " mid-save kill points in " + kills + " kills");
            Path base = dir.resolve("round-" + rounds++);
            for (int k = 0; k < RUNS; k++) Files.createDirectories(base.resolve("run-" + k));
            int[] epochs = new int[RUNS];
            while (true) {
                Child child = Child.start(base, "parallel");
                boolean killed = kills % 2 == 0 ? child.killAfter(random.nextInt(250_000))
                        : child.killMidSave(base, random.nextInt(RUNS * EPOCHS / 3), random.nextInt(300));
                if (!killed) break;
                kills++;
                for (int k = 0; k < RUNS; k++) {
                    Path run = base.resolve("run-" + k);
                    epochs[k] = loadableEpochs(run, epochs[k], child);
                    if (epochs[k] == EPOCHS) continue; // finished before the kill: not a kill point
                    killPoints++;
                    if (leftTemporaryFile(run, child.pid())) midSave++;
                }
            }
            for (int k = 0; k < RUNS; k++) {
                Path run = base.resolve("run-" + k);
                assertSameCheckpoint(reference.resolve("run-" + k), run);
                try (Stream<Path> files = Files.list(run)) {
                    assertEquals(List.of(run.resolve(CrashResumeChild.CHECKPOINT)), files.toList(),
                            "the saves after the kills removed their temporary files");
                }
            }
        }
        System.out.printf("%d kill points (%d mid-save) in %d kills of %d rounds, %.1f s%n", killPoints, midSave, kills,
                rounds, (System.nanoTime() - start) / 1e9);
    }

    /** The epochs the run's checkpoint holds, checked to load and not to have gone back; 0 without one. */
    private static int loadableEpochs(Path run, int before, Child child) throws IOException {
        Path file = run.resolve(CrashResumeChild.CHECKPOINT);
        if (!Files.exists(file)) {
            assertEquals(0, before, run + ": the checkpoint disappeared");
            return 0;
        }
        try {
            Checkpoint c = Checkpoint.load(file);
            assertTrue(c.epochsCompleted() >= before && c.epochsCompleted() <= EPOCHS, run + ": " + c.epochsCompleted()
                    + " epochs after " + before);
            return c.epochsCompleted();
        } catch (IOException e) {
            throw new AssertionError(run + ": the checkpoint left by the kill of " + child.describe() + " does not load",
                    e);
        }
    }

    private static boolean leftTemporaryFile(Path run, long pid) throws IOException {
        try (Stream<Path> files = Files.list(run)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("." + CrashResumeChild.CHECKPOINT + "."
                    + pid + "."));
        }
    }

    private static void assertSameCheckpoint(Path expectedRun, Path actualRun) throws IOException {
        Safetensors expected = Safetensors.read(expectedRun.resolve(CrashResumeChild.CHECKPOINT));
        Safetensors actual = Safetensors.read(actualRun.resolve(CrashResumeChild.CHECKPOINT));
        assertTrue(actual.verified());
        assertEquals(expected.metadata(), actual.metadata(), actualRun.toString());
        assertEquals(expected.tensors().keySet(), actual.tensors().keySet());
        for (Map.Entry<String, Tensor> e : expected.tensors().entrySet()) {
            assertTrue(e.getValue().bitEquals(actual.tensor(e.getKey())), actualRun + ": " + e.getKey());
        }
    }

    /** A child JVM running {@link CrashResumeChild}. */
    private record Child(Process process, BufferedReader out, Path errors) {

        static Child start(Path base, String mode) throws IOException {
            Path errors = Files.createTempFile(base.getParent() == null ? base : base.getParent(), "child", ".err");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData",
                    "--add-modules", "jdk.incubator.vector", "-Dnnlab.backend=scalar", "-Dnnlab.threads=1",
                    "-cp", System.getProperty("java.class.path"), CrashResumeChild.class.getName(),
                    base.toString(), Integer.toString(RUNS), Integer.toString(EPOCHS), mode));
            Process p = new ProcessBuilder(cmd).redirectError(errors.toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Child child = new Child(p, out, errors);
            String first = out.readLine();
            if (!"ready".equals(first)) fail("the child did not start: " + first + "\n" + child.describe());
            return child;
        }

        long pid() { return process.pid(); }

        /** Waits for the child to end by itself; true when it finished every run. */
        boolean finish() throws IOException, InterruptedException {
            String last = out.readLine();
            if (!process.waitFor(60, TimeUnit.SECONDS)) fail("the child hangs: " + describe());
            if (process.exitValue() != 0 || !"done".equals(last)) fail("the child failed: " + describe());
            return true;
        }

        /** Kills the child {@code micros} after it started, unless it finished first; returns whether it was killed. */
        boolean killAfter(int micros) throws IOException, InterruptedException {
            if (process.waitFor(micros, TimeUnit.MICROSECONDS)) return !finish();
            return kill();
        }

        /**
         * Kills the child while it saves: after it has created {@code skip} + 1 temporary checkpoint files,
         * plus {@code micros}; returns false if it finished first.
         */
        boolean killMidSave(Path base, int skip, int micros) throws IOException, InterruptedException {
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                for (int k = 0; k < RUNS; k++) {
                    base.resolve("run-" + k).register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                }
                int seen = 0;
                while (seen <= skip) {
                    WatchKey key = watch.poll(1, TimeUnit.MILLISECONDS);
                    if (key == null) {
                        if (!process.isAlive()) return !finish();
                        continue;
                    }
                    for (WatchEvent<?> e : key.pollEvents()) {
                        if (e.context() instanceof Path p && p.toString().endsWith(".tmp")) seen++;
                    }
                    key.reset();
                }
                long until = System.nanoTime() + micros * 1000L;
                while (System.nanoTime() < until) Thread.onSpinWait();
                return kill();
            }
        }

        private boolean kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            if (!process.waitFor(30, TimeUnit.SECONDS)) fail("the child survived SIGKILL");
            return true;
        }

        String describe() {
            String err;
            try {
                err = Files.readString(errors);
            } catch (IOException e) {
                err = e.toString();
            }
            return "pid " + process.pid() + (process.isAlive() ? "" : ", exit " + process.exitValue()) + "\n" + err;
        }
    }
}
