package io.nnlab.optim;

import io.nnlab.nn.ModelFile;
import io.nnlab.nn.Parameter;
import io.nnlab.nn.Sequential;
import io.nnlab.tensor.Tensor;
import io.nnlab.tensor.io.Json;
import io.nnlab.tensor.io.Safetensors;
import io.nnlab.tensor.io.SafetensorsFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to resume training exactly where it stopped, in one safetensors file: the model
 * as {@link ModelFile} saves it, the optimiser's state tensors (named
 * {@code "optimizer/<parameter>/<slot>"}, e.g. {@code "optimizer/dense/kernel/m"}), and in the
 * metadata the optimiser's class, hyperparameters and step count and the number of epochs completed.
 *
 * <pre>{@code
 * Checkpoint.save(path, model, adam, 1);                  // after epoch 1
 * ...
 * Checkpoint c = Checkpoint.load(path);
 * Adam adam = new Adam();                                 // the same kind, the same hyperparameters
 * c.restore(adam);
 * new Trainer(c.model(), loss, adam).fit(x, y, FitOptions.builder().epochs(2)
 *         .initialEpoch(c.epochsCompleted()).seed(seed).build());
 * }</pre>
 *
 * <p>With the same fit options (seed, batch size) as the interrupted run, the resumed run produces the
 * same bits as one that never stopped; see {@link FitOptions.Builder#initialEpoch} for what restarts.
 * Loading checks the whole file first (see {@link ModelFile} and {@link Safetensors}); a file that
 * does not hold a consistent checkpoint is a {@link SafetensorsFormatException}.
 */
public final class Checkpoint {

    private static final String PREFIX = "optimizer/";
    private static final String OPTIMIZER = "nnlab.optimizer";
    private static final String EPOCHS = "nnlab.epochs_completed";

    private final Sequential model;
    private final int epochsCompleted;
    private final Map<String, Object> optimizer;  // class, slots, iterations, config
    private final Map<String, Tensor> state;      // by tensor name, checked against the model
    private final String source;

    private Checkpoint(Sequential model, int epochsCompleted, Map<String, Object> optimizer,
                       Map<String, Tensor> state, String source) {
        this.model = model;
        this.epochsCompleted = epochsCompleted;
        this.optimizer = optimizer;
        this.state = state;
        this.source = source;
    }

    // ---------------------------------------------------------------- saving

    /**
     * Writes the model, the optimiser's state and the count of epochs completed to {@code file},
     * atomically.
     */
    public static void save(Path file, Sequential model, Optimizer optimizer, int epochsCompleted) throws IOException {
        Objects.requireNonNull(optimizer, "optimizer");
        if (epochsCompleted < 0) {
            throw new IllegalArgumentException("Checkpoint: epochsCompleted must be >= 0, got " + epochsCompleted);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>(ModelFile.weights(model));
        for (Parameter p : model.weights()) {
            for (Map.Entry<String, Tensor> s : optimizer.state(p).entrySet()) {
                String name = stateName(p, s.getKey());
                if (tensors.put(name, s.getValue()) != null) {
                    throw new IllegalArgumentException("Checkpoint: the optimiser state '" + name + "' has the name of "
                            + "a weight; rename the layer");
                }
            }
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("class", optimizer.getClass().getSimpleName());
        o.put("slots", optimizer.slotNames());
        o.put("iterations", optimizer.iterations());
        o.put("config", optimizer.config());
        Map<String, String> metadata = new LinkedHashMap<>(ModelFile.metadata(model));
        metadata.put(OPTIMIZER, Json.write(o));
        metadata.put(EPOCHS, Integer.toString(epochsCompleted));
        Safetensors.write(file, tensors, metadata);
    }

    private static String stateName(Parameter p, String slot) { return PREFIX + p.name() + "/" + slot; }

    // ---------------------------------------------------------------- loading

    /** Reads and checks a checkpoint; the model is rebuilt, the optimiser state waits for {@link #restore}. */
    public static Checkpoint load(Path file) throws IOException {
        Safetensors s = Safetensors.read(file);
        String source = file.toString();
        Map<String, String> meta = s.metadata();
        if (meta.get(OPTIMIZER) == null || meta.get(EPOCHS) == null || meta.get(ModelFile.ARCHITECTURE) == null) {
            throw new SafetensorsFormatException(source + ": is not an nnlab checkpoint: its metadata needs \""
                    + ModelFile.ARCHITECTURE + "\", \"" + OPTIMIZER + "\" and \"" + EPOCHS + "\", it has " + meta.keySet()
                    + (meta.get(ModelFile.ARCHITECTURE) != null ? " (a model file: load it with ModelFile.load)" : ""));
        }
        int epochs = epochs(source, meta.get(EPOCHS));
        Map<String, Object> optimizer = optimizerEntry(source, meta.get(OPTIMIZER));

        long held = 0;
        for (Tensor t : s.tensors().values()) held += t.size();
        Sequential model = ModelFile.fromArchitecture(meta.get(ModelFile.ARCHITECTURE), source, held);
        Map<String, Tensor> weights = new LinkedHashMap<>();
        Map<String, Tensor> state = new LinkedHashMap<>(s.tensors());
        for (Parameter p : model.weights()) {
            Tensor w = state.remove(p.name());
            if (w != null) weights.put(p.name(), w);
        }
        ModelFile.assign(model, weights, source, false);
        checkState(source, model, optimizer, state);
        return new Checkpoint(model, epochs, optimizer, state, source);
    }

    private static int epochs(String source, String text) throws SafetensorsFormatException {
        try {
            int e = Integer.parseInt(text);
            if (e >= 0) return e;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SafetensorsFormatException(source + ": \"" + EPOCHS + "\" must be a non-negative integer, got '"
                + text + "'");
    }

    private static Map<String, Object> optimizerEntry(String source, String json) throws SafetensorsFormatException {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsFormatException(source + ": \"" + OPTIMIZER + "\" is not valid JSON: " + e.getMessage(), e);
        }
        if (parsed instanceof Map<?, ?> m && m.get("class") instanceof String && m.get("config") instanceof Map<?, ?>
                && m.get("iterations") instanceof Long it && it >= 0 && m.get("slots") instanceof List<?> slots
                && slots.stream().allMatch(x -> x instanceof String)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> o = (Map<String, Object>) m;
            return o;
        }
        throw new SafetensorsFormatException(source + ": \"" + OPTIMIZER + "\" must be an object with \"class\" (a "
                + "string), \"slots\" (strings), \"iterations\" (an integer >= 0) and \"config\" (an object), got "
                + (json.length() > 200 ? json.substring(0, 200) + "..." : json));
    }

    /**
     * Each remaining tensor must be a slot of a trainable weight, with the weight's dtype and shape, and
     * a weight has either all its slots or none (no step taken yet).
     */
    private static void checkState(String source, Sequential model, Map<String, Object> optimizer,
                                   Map<String, Tensor> state) throws SafetensorsFormatException {
        List<?> slots = (List<?>) optimizer.get("slots");
        Map<String, Tensor> left = new LinkedHashMap<>(state);
        for (Parameter p : model.weights()) {
            List<String> present = new ArrayList<>();
            for (Object slot : slots) {
                String name = stateName(p, (String) slot);
                Tensor t = left.remove(name);
                if (t == null) continue;
                present.add((String) slot);
                if (t.dtype() != p.value().dtype() || !t.sameShape(p.value())) {
                    throw new SafetensorsFormatException(source + ": optimiser state '" + name + "' is " + t.dtype()
                            + " " + t.shapeString() + ", but its weight is " + p.value().dtype() + " "
                            + p.value().shapeString());
                }
            }
            if (!present.isEmpty() && present.size() != slots.size()) {
                throw new SafetensorsFormatException(source + ": weight '" + p.name() + "' has optimiser state "
                        + present + " but the optimiser keeps " + slots);
            }
        }
        if (!left.isEmpty()) {
            throw new SafetensorsFormatException(source + ": holds tensors that are neither weights of the model nor "
                    + "optimiser state of them: " + left.keySet());
        }
    }

    // ---------------------------------------------------------------- use

    /** The model, with the saved weights. */
    public Sequential model() { return model; }

    /** Epochs completed when saved: the {@link FitOptions.Builder#initialEpoch} to resume with. */
    public int epochsCompleted() { return epochsCompleted; }

    /** The optimiser's step count when saved. */
    public long iterations() { return (Long) optimizer.get("iterations"); }

    /** The saved optimiser's class name and hyperparameters, e.g. {@code Adam} and {@code {learning_rate=0.001, ...}}. */
    public String optimizerDescription() { return optimizer.get("class") + " " + optimizer.get("config"); }

    /**
     * Loads the saved state into {@code target}, for the parameters of {@link #model()}: its step count,
     * learning rate (a schedule may have changed it) and per-parameter state, replacing what it had.
     *
     * @throws IllegalArgumentException when target is not of the saved class or differs in another
     *                                  hyperparameter; target is then left as it was
     */
    public void restore(Optimizer target) {
        String savedClass = (String) optimizer.get("class");
        Map<?, ?> saved = (Map<?, ?>) optimizer.get("config");
        Map<String, Object> now = new LinkedHashMap<>(target.config());
        Object savedRate = saved.get("learning_rate");
        now.put("learning_rate", savedRate);
        // Compared as JSON so that numbers compare as they were saved.
        if (!savedClass.equals(target.getClass().getSimpleName()) || !Json.parse(Json.write(now)).equals(saved)
                || !target.slotNames().equals(optimizer.get("slots"))) {
            throw new IllegalArgumentException("Checkpoint " + source + ": was saved from " + savedClass + " " + saved
                    + " with slots " + optimizer.get("slots") + ", cannot restore into " + target.getClass().getSimpleName()
                    + " " + target.config() + " with slots " + target.slotNames());
        }
        if (!(savedRate instanceof Number rate)) {
            throw new IllegalArgumentException("Checkpoint " + source + ": learning_rate must be a number, got " + savedRate);
        }
        target.setLearningRate(rate.doubleValue());
        target.reset();
        target.setIterations(iterations());
        for (Parameter p : model.weights()) {
            Map<String, Tensor> slots = null;
            for (String slot : target.slotNames()) {
                Tensor t = state.get(stateName(p, slot));
                if (t == null) continue;
                if (slots == null) slots = target.initState(p);
                slots.get(slot).copyFrom(t);
            }
        }
    }
}
