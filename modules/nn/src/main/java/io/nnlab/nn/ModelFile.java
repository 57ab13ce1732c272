package io.nnlab.nn;

import io.nnlab.nn.layers.AbstractLayer;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Layer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Json;
import io.nnlab.tensor.io.Safetensors;
import io.nnlab.tensor.io.SafetensorsFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * model's stream had got to. Your own layers and activations are saved the same way once registered
 * ({@link Registry}): each layer as its registered type and its {@code config()}, each activation by
 * name and parameters. An unregistered one cannot be saved with the architecture (saving says so);
 * its weights still can ({@link #weights} with {@link Safetensors#write}, then {@link #loadWeights}),
 * and loading a type no one registered names it.
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

    /** {"class": type, "config": {name, ...the layer's config}}; the name comes first, from the layer. */
    private static Map<String, Object> describe(Layer layer) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", layer.name());
        try {
            for (Map.Entry<String, Object> e : layer.config().entrySet()) {
                if (e.getKey().equals("name") && !layer.name().equals(e.getValue())) {
                    throw new IllegalArgumentException("its config names it '" + e.getValue() + "'");
                }
                c.put(e.getKey(), e.getValue());
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("class", Registry.layerType(layer));
            d.put("config", c);
            return d;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ModelFile: cannot describe layer " + layer.name() + ": " + e.getMessage()
                    + ". Its weights alone can be saved: Safetensors.write(file, ModelFile.weights(model), Map.of()), "
                    + "and loaded with ModelFile.loadWeights", e);
        }
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
        Sequential.Builder b;
        DType dtype;
        int[] inputShape;
        List<Layer> built = new ArrayList<>();
        try {
            if (!"Sequential".equals(a.string("class"))) throw a.error("class", "'Sequential'", a.raw("class"));
            try {
                dtype = DType.parse(a.string("dtype"));
            } catch (IllegalArgumentException e) {
                throw a.error("dtype", "float32 or float64", a.raw("dtype"));
            }
            inputShape = a.ints("input_shape");
            b = Sequential.builder().name(a.string("name")).input(inputShape);
            List<?> layers = a.list("layers");
            for (int i = 0; i < layers.size(); i++) {
                if (!(layers.get(i) instanceof Map<?, ?> m)) throw a.error("layers[" + i + "]", "an object", layers.get(i));
                String where = source + ": layer " + i;
                try {
                    built.add(layer(new Config(where, m)));
                } catch (IllegalArgumentException e) {
                    // Config's errors name the place already; a constructor's name the layer alone.
                    String message = e.getMessage() != null && e.getMessage().startsWith(where) ? e.getMessage()
                            : where + " config: " + e.getMessage();
                    throw new IllegalArgumentException(message, e);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(e.getMessage(), e);
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

    /** The layer a saved entry describes, named as saved. */
    private static Layer layer(Config entry) {
        Config c = entry.object("config");
        String name = c.string("name");
        Layer l = Registry.layer(entry.string("class"), c);
        if (l instanceof AbstractLayer a) {
            a.name(name);
        } else if (!l.name().equals(name)) {
            throw c.error("name", "the name its factory gave it, '" + l.name() + "'", name);
        }
        return l;
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
}
