package io.nnlab.spark;

import io.nnlab.tensor.Backend;
import io.nnlab.tensor.DType;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A sweep from the command line, on the embedded {@code local[*]} or under {@code spark-submit}.
 *
 * <pre>
 *   Main [options] all | t1..t5 | result-id...            tutorial results over the seeds
 *   Main [options] --function CLASS [--grid name=v,v,...]... a training function over a grid
 *
 *   --seeds N             seeds 1..N (default 1)
 *   --out DIR             the output folder (default: nnlab.sweeps.dir, else nnlab-sweeps, / the selection)
 *   --master URL          where spark-submit gave none (default local[*])
 *   --backend simd|scalar the kernels (default: this JVM's choice)
 *   --dtype float32|float64  (default: each result's own; float32 for a function)
 *   --vector-bits N       one vector width for every run (default: each JVM's own, recorded)
 *   --threads N           kernel threads within one run (default: each JVM's nnlab.threads, else its cores)
 *   --name NAME           a function's name in the report (default: from its class name)
 *   --verbose             Spark's own INFO log too
 * </pre>
 * CLASS implements {@link TrainingFunction} and has a public no-argument constructor. The exit status
 * is 0 when every run finished, 1 when some failed (the report is written all the same), 2 for a bad
 * command line or a sweep that cannot start or go on (the message says why).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        boolean quiet = !Arrays.asList(args).contains("--verbose") && System.getProperty("log4j2.configurationFile") == null;
        if (quiet) quietLogging();
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("nnlab sweep: " + e.getMessage());
            System.err.println("usage: Main [--seeds N] [--out DIR] [--master URL] [--backend simd|scalar] [--dtype float32|float64]"
                    + " [--vector-bits N] [--threads N] (all | t1..t5 | result-id... | --function CLASS [--name NAME] [--grid name=v,v]...)");
            System.exit(2);
            return;
        }
        SparkConf conf = new SparkConf().setAppName("nnlab sweep " + o.name);
        if (o.master != null) conf.setMaster(o.master);
        else if (!conf.contains("spark.master")) conf.setMaster("local[*]");
        SparkSweep.configure(conf, o.settings);
        SweepOutcome out;
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            if (quiet) quietLogging(); // under spark-submit, the context has put Spark's own configuration back
            out = o.sweep.settings(o.settings).build().run(sc);
        } catch (IllegalArgumentException | IllegalStateException | IOException | UncheckedIOException e) {
            // A sweep that cannot go on (its folder not writable, say) is 2, as one that cannot start; 1 is a failed run.
            System.err.println("nnlab sweep: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println("report: " + out.output().resolve("REPORT.md").toAbsolutePath());
        if (!out.failures().isEmpty()) {
            System.err.println(out.failures().size() + " runs failed:");
            for (SweepFailure f : out.failures()) System.err.println("  " + f);
            System.exit(1);
        }
    }

    /**
     * Warnings, and nnlab's progress: the configuration in this jar, unless one was named with
     * -Dlog4j2.configurationFile. Under spark-submit this jar has a class loader of its own, and log4j2
     * a logging context per class loader: Spark's is set too. nnlab's own log (java.util.logging) goes
     * the same way, as Spark's does.
     */
    private static void quietLogging() throws URISyntaxException {
        URL config = Main.class.getResource("log4j2.properties");
        if (config == null) return;
        Configurator.reconfigure(config.toURI());
        ((LoggerContext) LogManager.getContext(SparkConf.class.getClassLoader(), false)).setConfigLocation(config.toURI());
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** The command line, read. */
    static final class Options {
        final SparkSweep.Builder sweep = SparkSweep.builder();
        SweepSettings settings = SweepSettings.defaults();
        String master;
        String name;

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> selection = new ArrayList<>();
            String function = null, functionName = null;
            Path out = null;
            Grid grid = Grid.none();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    for (String s : a.split("[,\\s]+")) if (!s.isEmpty()) selection.add(s);
                    continue;
                }
                if (a.equals("--verbose")) continue; // read before logging starts
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--seeds" -> o.sweep.seeds((int) parseLong(a, v));
                    case "--out" -> out = Path.of(v);
                    case "--master" -> o.master = v;
                    case "--backend" -> o.settings = o.settings.withBackend(Backend.parse(v));
                    case "--dtype" -> o.settings = o.settings.withDtype(DType.parse(v));
                    case "--vector-bits" -> o.settings = o.settings.withVectorBits((int) parseLong(a, v));
                    case "--threads" -> o.settings = o.settings.withThreads((int) parseLong(a, v));
                    case "--function" -> function = v;
                    case "--name" -> functionName = v;
                    case "--grid" -> grid = grid.and(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (function != null) {
                if (!selection.isEmpty()) throw new IllegalArgumentException("give tutorial results or --function, not both");
                TrainingFunction fn;
                try {
                    fn = (TrainingFunction) Class.forName(function).getConstructor().newInstance();
                } catch (ReflectiveOperationException | ClassCastException e) {
                    throw new IllegalArgumentException("--function " + function + ": expected a class implementing "
                            + TrainingFunction.class.getName() + " with a public no-argument constructor (" + e + ")");
                }
                o.name = functionName != null ? functionName : kebab(fn.getClass().getSimpleName());
                o.sweep.target(Target.function(o.name, fn)).grid(grid);
            } else {
                if (selection.isEmpty()) throw new IllegalArgumentException("nothing to run: name tutorial results or --function");
                if (!grid.names().isEmpty()) throw new IllegalArgumentException("--grid needs --function: tutorial results take no hyper-parameters");
                o.name = String.join("+", selection);
                o.sweep.targets(Target.results(selection.toArray(String[]::new)));
            }
            if (out == null) out = Path.of(System.getProperty("nnlab.sweeps.dir", "nnlab-sweeps")).resolve(o.name);
            o.sweep.output(out);
            return o;
        }

        private static long parseLong(String option, String v) {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": expected a whole number, got '" + v + "'");
            }
        }

        /** IrisGrid to iris-grid. */
        static String kebab(String className) {
            return className.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    }
}
