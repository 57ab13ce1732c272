package io.nnlab.bench;

import io.nnlab.data.Dataset;
import io.nnlab.data.Scaling;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Rng;
import java.util.concurrent.TimeUnit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The peer of {@link MnistStepBenchmark}: the same 784 -> 100 relu -> 10 MLP trained by PyTorch
 * through DJL (built only with the -Pdjl profile). One operation is one step: forward, softmax
 * cross-entropy, backward and DJL's Adam (lr 1e-3, PyTorch's fused update), as a DJL user writes
 * it with a Trainer and a GradientCollector. Like the benchmark, the steps train on MNIST (pixels
 * / 255, shuffled once from a seed), each batch a slice of the next rows. Each step's temporaries
 * live in a sub-manager closed after the step, so the native memory does not grow.
 *
 * <pre>
 * ./mvnw -Pdjl -pl benchmarks package -DskipTests
 * NNLAB_DATA=/path/to/data java -jar benchmarks/target/benchmarks.jar DjlMnistStepBenchmark -p threads=1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DjlMnistStepBenchmark {
    @Param({"float32"})
    public String dtype;

    @Param({"32", "256"})
    public int batch;

    @Param({"1", "all"})
    public String threads;

    private NDManager manager;
    private Model model;
    private Trainer trainer;
    private NDArray images;
    private NDArray classes;
    private int next;

    @Setup
    public void setUp() {
        if (!dtype.equals("float32")) throw new IllegalArgumentException("dtype must be float32, got " + dtype);
        DjlEngine.start(threads).setRandomSeed(1);
        manager = NDManager.newBaseManager("PyTorch");
        SequentialBlock net = new SequentialBlock()
                .add(Linear.builder().setUnits(100).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
        model = Model.newInstance("mnist-mlp", "PyTorch");
        model.setBlock(net);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
        trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam));
        trainer.initialize(new Shape(batch, 784));
        Dataset train = MnistStepBenchmark.mnist(DType.FLOAT32);
        Scaling.divideBy(255).applyInPlace(train.features());   // the same pixels as nnlab's run
        int n = train.size();
        float[] pixels = train.features().floats();
        float[] shuffled = new float[n * 784];
        float[] shuffledLabels = new float[n];
        int[] order = new Rng(3).permutation(n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, order[i] * 784, shuffled, i * 784, 784);
            shuffledLabels[i] = train.labels()[order[i]];
        }
        images = manager.create(shuffled, new Shape(n, 784));
        classes = manager.create(shuffledLabels, new Shape(n));
    }

    @Benchmark
    public float step() {
        float loss;
        if (next + batch > images.getShape().get(0)) next = 0;
        try (NDManager temporaries = manager.newSubManager()) {
            NDArray x = images.get(new NDIndex("{}:{}", next, next + batch));
            NDArray labels = classes.get(new NDIndex("{}:{}", next, next + batch));
            x.attach(temporaries);
            labels.attach(temporaries);
            next += batch;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(x));
                NDArray l = trainer.getLoss().evaluate(new NDList(labels), prediction);
                gc.backward(l);
                loss = l.getFloat();
            }
            trainer.step();
        }
        return loss;
    }

    @TearDown
    public void tearDown() {
        trainer.close();
        model.close();
        manager.close();
    }
}
