package io.nnlab.bench;

import io.nnlab.data.DataLocation;
import io.nnlab.data.Dataset;
import io.nnlab.data.Idx;
import io.nnlab.data.MissingDataException;
import io.nnlab.data.Mnist;
import io.nnlab.tensor.DType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading MNIST's training set (60000 images, 60000 labels) from the standard gzipped IDX files,
 * as a training run starts. The peer is benchmarks/peers/numpy_mnist_load.py: numpy reading the
 * same .gz files (gzip + frombuffer, then astype for the float variants).
 *
 * <pre>
 *   NNLAB_DATA=/path/to/data java -jar benchmarks/target/benchmarks.jar MnistLoadBenchmark
 *   python3 benchmarks/peers/numpy_mnist_load.py
 * </pre>
 *
 * {@code decodeImages} is the part numpy's {@code frombuffer} does (inflate, check, keep bytes);
 * {@code trainSet} adds the conversion to a float tensor and the labels, which is what a model uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class MnistLoadBenchmark {

    private Path images;
    private Path labels;

    /** The dtype the images are converted to; only trainSet converts. */
    @State(Scope.Benchmark)
    public static class Target {
        @Param({"float32", "float64"})
        public String dtype;
    }

    @Setup
    public void locate() throws IOException {
        Path dir = DataLocation.current().dataset(Mnist.FOLDER);
        images = dir.resolve(Mnist.TRAIN_IMAGES + ".gz");
        labels = dir.resolve(Mnist.TRAIN_LABELS + ".gz");
        if (!Files.isRegularFile(images) || !Files.isRegularFile(labels)) {
            throw new MissingDataException("MnistLoadBenchmark needs " + images + " and " + labels
                    + "; set NNLAB_DATA (or -Dnnlab.data.dir via -jvmArgsAppend) to the data root");
        }
    }

    /** Images as a float tensor [60000, 28, 28] plus int labels: a Dataset ready to train on. */
    @Benchmark
    public Dataset trainSet(Target target) throws IOException {
        return Mnist.pair(images, labels, DType.parse(target.dtype));
    }

    /** Only inflating and checking the images file, values kept as bytes (numpy's uint8 case). */
    @Benchmark
    public Idx decodeImages() throws IOException {
        return Idx.read(images, Idx.Type.UBYTE, 3);
    }
}
