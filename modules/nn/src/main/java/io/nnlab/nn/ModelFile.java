package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.AbstractLayer;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.Flatten;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.regularizers.L1;
import io.nnlab.nn.regularizers.L1L2;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.nn.regularizers.Regularizer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Json;
import io.nnlab.tensor.io.Safetensors;
import io.nnlab.tensor.io.SafetensorsFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Sequential} saved as one safetensors file: each weight under its parameter name
 * ({@code "dense_1/kernel"}), and in the header's {@code __metadata__} the entry
 * {@code "format": "nnlab"} and, under {@code "nnlab.architecture"}, the model as JSON — its name,
 * dtype, input shape, and each layer's class and configuration — from which {@link #load} rebuilds it.
 * Python reads the weights with the {@code safetensors} package, or with json, struct and numpy.
 *
 * <pre>{@code
 * ModelFile.save(model, Path.of("mnist.safetensors"));
 * Sequential again = ModelFile.load(Path.of("mnist.safetensors"));
 * }</pre>
 *
 * <p>The layers nnlab ships are saved with everything that changes what they compute or how they
 * train (Dense's units, activation, bias and regularisers; Dropout's rate; BatchNorm's momentum and
 * epsilon; activation layers; Flatten); initialisers are not, since loading replaces the weights they
 * drew. A loaded model's Dropout masks come from a fresh stream (seed 0), not from where the saved
 * model's stream had got to. A layer of another class cannot be saved this way; its weights still can
 * ({@link #weights} with {@link Safetensors#write}, then {@link #loadWeights}).
 *
 * <p>Loading checks the file (see {@link Safetensors}; the CRC32C checksums nnlab writes into every
 * file catch a changed byte and name the weight it hit) and then that it holds exactly the model's
 * weights, each with the model's dtype and the weight's shape, and that every value is finite —
 * a file with NaN or infinite weights is refused, naming the tensor and element, unless
 * {@code allowNonFinite} says otherwise. Any failure is a {@link SafetensorsFormatException} and leaves
 * no model half-loaded.
 */
public final class ModelFile {

    /** The value of the {@code "format"} metadata entry nnlab writes. */
    public static final String FORMAT = "nnlab";
    /** The metadata entry holding the architecture JSON. */
    public static final String ARCHITECTURE = "nnlab.architecture";

    private ModelFile() {}

    // ---------------------------------------------------------------- saving

    /**
     * Writes the model's weights and architecture to {@code file}, atomically.
     *
     * @throws IllegalArgumentException for a layer or regulariser nnlab does not know how to describe
     */
    public static void save(Sequential model, Path file) throws IOException {
        Safetensors.write(file, weights(model), metadata(model));
    }

    /** Every weight (trainable or not) by parameter name, in the model's order; the tensors are the live ones. */
    public static Map<String, Tensor> weights(Sequential model) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : model.weights()) {
            if (m.put(p.name(), p.value()) != null) {
                throw new IllegalArgumentException("Sequential " + model.name() + ": two weights are named '" + p.name()
                        + "'; saved weights need unique names");
            }
        }
        return m;
    }

    /** The metadata {@link #save} writes: the format and the architecture. */
    public static Map<String, String> metadata(Sequential model) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put(ARCHITECTURE, architecture(model));
        return m;
    }

    /** The model's architecture as JSON. */
    public static String architecture(Sequential model) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("class", "Sequential");
        a.put("name", model.name());
        a.put("dtype", model.dtype().label());
        a.put("input_shape", model.inputShape());
        List<Object> layers = new ArrayList<>();
        for (Layer l : model.layers()) layers.add(describe(l));
        a.put("layers", layers);
        return Json.write(a);
    }

    private static Map<String, Object> describe(Layer layer) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", layer.name());
        String type;
        switch (layer) {
            case Dense d -> {
                type = "Dense";
                c.put("units", d.units());
                c.put("activation", d.activation().key());
                c.put("use_bias", d.usesBias());
                c.put("kernel_regularizer", regularizer(d, d.kernelRegularizer()));
                c.put("bias_regularizer", regularizer(d, d.biasRegularizer()));
            }
            case ActivationLayer a -> {
                type = "Activation";
                c.put("activation", a.activation().key());
            }
            case Dropout d -> {
                type = "Dropout";
                c.put("rate", d.rate());
            }
            case Flatten f -> type = "Flatten";
            case BatchNorm b -> {
                type = "BatchNorm";
                c.put("momentum", b.momentum());
                c.put("epsilon", b.epsilon());
            }
            default -> throw new IllegalArgumentException("ModelFile: cannot describe layer " + layer.name() + " ("
                    + layer.getClass().getName() + "); the architecture covers Dense, Activation layers, Dropout, "
                    + "Flatten and BatchNorm. Save its weights alone: Safetensors.write(file, ModelFile.weights(model), "
                    + "Map.of()), and load them with ModelFile.loadWeights");
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("class", type);
        d.put("config", c);
        return d;
    }

    private static Object regularizer(Layer layer, Regularizer r) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (r) {
            case null -> { return null; }
            case L1 l -> {
                m.put("class", "L1");
                m.put("l1", l.l1());
            }
            case L2 l -> {
                m.put("class", "L2");
                m.put("l2", l.l2());
            }
            case L1L2 l -> {
                m.put("class", "L1L2");
                m.put("l1", l.l1());
                m.put("l2", l.l2());
            }
            default -> throw new IllegalArgumentException("ModelFile: cannot describe the regulariser of layer "
                    + layer.name() + " (" + r.getClass().getName() + "); the architecture covers L1, L2 and L1L2");
        }
        return m;
    }

    // ---------------------------------------------------------------- loading

    /** Rebuilds the model saved in {@code file}; NaN or infinite weights are refused. */
    public static Sequential load(Path file) throws IOException { return load(file, false); }

    /** Rebuilds the model saved in {@code file}; {@code allowNonFinite} accepts NaN and infinite weights. */
    public static Sequential load(Path file, boolean allowNonFinite) throws IOException {
        Safetensors s = Safetensors.read(file);
        return fromFile(s.metadata(), s.tensors(), file.toString(), allowNonFinite);
    }

    /**
     * Rebuilds a model from a file's metadata and tensors (as {@link #load} does after reading it);
     * {@code source} names the file in errors.
     */
    public static Sequential fromFile(Map<String, String> metadata, Map<String, Tensor> tensors, String source,
                                      boolean allowNonFinite) throws SafetensorsFormatException {
        String format = metadata.get("format");
        String architecture = metadata.get(ARCHITECTURE);
        if (!FORMAT.equals(format) || architecture == null) {
            throw new SafetensorsFormatException(source + ": has no nnlab architecture (metadata \"format\" is "
                    + (format == null ? "missing" : "'" + format + "'") + ", \"" + ARCHITECTURE + "\" is "
                    + (architecture == null ? "missing" : "present") + "); to load bare weights into a model you "
                    + "built, use ModelFile.loadWeights");
        }
        long held = 0;
        for (Tensor t : tensors.values()) held += t.size();
        Sequential model = fromArchitecture(architecture, source, held);
        assign(model, tensors, source, allowNonFinite);
        return model;
    }

    /** Copies the weights saved in {@code file} into a model built with the same layers; NaN or infinite weights are refused. */
    public static void loadWeights(Sequential model, Path file) throws IOException {
        assign(model, Safetensors.read(file).tensors(), file.toString(), false);
    }

    /**
     * Copies the tensors into the model's weights after checking that they are exactly the model's
     * weights by name, each of the model's dtype and the weight's shape, and (unless allowed) finite.
     * Nothing is copied unless everything passes.
     */
    public static void assign(Sequential model, Map<String, Tensor> tensors, String source, boolean allowNonFinite)
            throws SafetensorsFormatException {
        Map<String, Tensor> expected = weights(model);
        Set<String> missing = new LinkedHashSet<>(expected.keySet());
        missing.removeAll(tensors.keySet());
        Set<String> extra = new LinkedHashSet<>(tensors.keySet());
        extra.removeAll(expected.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new SafetensorsFormatException(source + ": does not hold the weights of Sequential " + model.name()
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; unexpected " + extra)
                    + "; the model has " + expected.keySet());
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor w = e.getValue();
            Tensor t = tensors.get(e.getKey());
            if (t.dtype() != w.dtype() || !t.sameShape(w)) {
                throw new SafetensorsFormatException(source + ": tensor '" + e.getKey() + "' is " + t.dtype() + " "
                        + t.shapeString() + ", but the model's weight is " + w.dtype() + " " + w.shapeString());
            }
            if (!allowNonFinite) {
                for (int i = 0; i < t.size(); i++) {
                    if (!Double.isFinite(t.getFlat(i))) {
                        throw new SafetensorsFormatException(source + ": tensor '" + e.getKey() + "' holds "
                                + t.getFlat(i) + " at element " + i + "; refusing non-finite weights (pass "
                                + "allowNonFinite to load them anyway)");
                    }
                }
            }
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) e.getValue().copyFrom(tensors.get(e.getKey()));
    }

    /**
     * A model built from its architecture JSON, with placeholder weights (seed 0). An architecture whose
     * weights need more than {@code maxWeights} values is refused before anything is allocated: the file
     * cannot fill them, and a lying "units" must not exhaust memory. {@code source} names the file in
     * errors.
     */
    public static Sequential fromArchitecture(String architecture, String source, long maxWeights)
            throws SafetensorsFormatException {
        Config a = new Config(source + ": architecture", parseObject(architecture, source));
        if (!"Sequential".equals(a.string("class"))) {
            throw a.error("class", "'Sequential'", a.raw("class"));
        }
        DType dtype;
        try {
            dtype = DType.parse(a.string("dtype"));
        } catch (IllegalArgumentException e) {
            throw a.error("dtype", "float32 or float64", a.raw("dtype"));
        }
        int[] inputShape = a.ints("input_shape");
        Sequential.Builder b = Sequential.builder().name(a.string("name")).input(inputShape);
        List<?> layers = a.list("layers");
        List<Layer> built = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Map<?, ?> m)) {
                throw a.error("layers[" + i + "]", "an object", layers.get(i));
            }
            Config layer = new Config(source + ": layer " + i, m);
            built.add(layer(layer, new Config(source + ": layer " + i + " config", layer.map("config"))));
        }
        try {
            long needed = weightCount(built, inputShape);
            if (needed > maxWeights) {
                throw new SafetensorsFormatException(source + ": the architecture needs " + needed
                        + " weight values, but the file holds " + maxWeights);
            }
            built.forEach(b::add);
            return b.build(dtype, 0);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new SafetensorsFormatException(source + ": the architecture does not build: " + e.getMessage(), e);
        }
    }

    /** The weight values the layers will create for this input shape, counted without creating them. */
    private static long weightCount(List<Layer> layers, int[] inputShape) {
        long n = 0;
        int[] shape = inputShape;
        for (Layer l : layers) {
            int[] out = l.outputShape(shape);
            // Each term is below 2^62 + 2^31; saturating at 2^62 keeps the sum from overflowing.
            if (l instanceof Dense d) {
                n = Math.min(n + (long) shape[0] * d.units() + (d.usesBias() ? d.units() : 0), 1L << 62);
            }
            if (l instanceof BatchNorm) n = Math.min(n + 4L * shape[0], 1L << 62);
            shape = out;
        }
        return n;
    }

    private static Layer layer(Config layer, Config c) throws SafetensorsFormatException {
        String type = layer.string("class");
        try {
            AbstractLayer l = switch (type) {
                case "Dense" -> new Dense(c.integer("units"), Activation.parse(c.string("activation")))
                        .useBias(c.bool("use_bias"))
                        .kernelRegularizer(regularizer(c, "kernel_regularizer"))
                        .biasRegularizer(regularizer(c, "bias_regularizer"));
                case "Activation" -> (AbstractLayer) Activation.parse(c.string("activation")).layer();
                case "Dropout" -> new Dropout(c.number("rate"));
                case "Flatten" -> new Flatten();
                case "BatchNorm" -> new BatchNorm().momentum(c.number("momentum")).epsilon(c.number("epsilon"));
                default -> throw layer.error("class", "Dense, Activation, Dropout, Flatten or BatchNorm", type);
            };
            l.name(c.string("name"));
            return l;
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(c.where + ": " + e.getMessage(), e);
        }
    }

    private static Regularizer regularizer(Config c, String key) throws SafetensorsFormatException {
        if (c.raw(key) == null) return null;
        Config r = new Config(c.where + " " + key, c.map(key));
        return switch (r.string("class")) {
            case "L1" -> new L1(r.number("l1"));
            case "L2" -> new L2(r.number("l2"));
            case "L1L2" -> new L1L2(r.number("l1"), r.number("l2"));
            default -> throw r.error("class", "L1, L2 or L1L2", r.raw("class"));
        };
    }

    private static Map<?, ?> parseObject(String json, String source) throws SafetensorsFormatException {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(source + ": the architecture is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new SafetensorsFormatException(source + ": the architecture must be a JSON object");
        }
        return m;
    }

    /** A JSON object read with checks that name the place, the key, what was expected and what came. */
    private record Config(String where, Map<?, ?> values) {

        Object raw(String key) { return values.get(key); }

        SafetensorsFormatException error(String key, String expected, Object found) {
            String f = found == null ? "nothing" : found instanceof String s ? "'" + s + "'" : String.valueOf(found);
            return new SafetensorsFormatException(where + ": \"" + key + "\" must be " + expected + ", got "
                    + (f.length() > 80 ? f.substring(0, 80) + "..." : f));
        }

        String string(String key) throws SafetensorsFormatException {
            if (raw(key) instanceof String s) return s;
            throw error(key, "a string", raw(key));
        }

        boolean bool(String key) throws SafetensorsFormatException {
            if (raw(key) instanceof Boolean b) return b;
            throw error(key, "true or false", raw(key));
        }

        double number(String key) throws SafetensorsFormatException {
            if (raw(key) instanceof Number n) return n.doubleValue();
            throw error(key, "a number", raw(key));
        }

        int integer(String key) throws SafetensorsFormatException {
            if (raw(key) instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
            throw error(key, "an integer", raw(key));
        }

        List<?> list(String key) throws SafetensorsFormatException {
            if (raw(key) instanceof List<?> l) return l;
            throw error(key, "an array", raw(key));
        }

        Map<?, ?> map(String key) throws SafetensorsFormatException {
            if (raw(key) instanceof Map<?, ?> m) return m;
            throw error(key, "an object", raw(key));
        }

        int[] ints(String key) throws SafetensorsFormatException {
            List<?> l = list(key);
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Long v) || v < 1 || v > Integer.MAX_VALUE) {
                    throw error(key, "an array of positive integers", Arrays.toString(l.toArray()));
                }
                out[i] = (int) (long) v;
            }
            return out;
        }
    }
}
