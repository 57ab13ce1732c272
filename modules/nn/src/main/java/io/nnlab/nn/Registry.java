package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.ActivationLayer;
import io.nnlab.nn.layers.BatchNorm;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.layers.Dropout;
import io.nnlab.nn.layers.ELU;
import io.nnlab.nn.layers.Flatten;
import io.nnlab.nn.layers.GELU;
import io.nnlab.nn.layers.Identity;
import io.nnlab.nn.layers.Layer;
import io.nnlab.nn.layers.LeakyReLU;
import io.nnlab.nn.layers.ReLU;
import io.nnlab.nn.layers.SiLU;
import io.nnlab.nn.layers.Sigmoid;
import io.nnlab.nn.layers.Softmax;
import io.nnlab.nn.layers.Softplus;
import io.nnlab.nn.layers.Step;
import io.nnlab.nn.layers.Tanh;
import io.nnlab.nn.regularizers.L1;
import io.nnlab.nn.regularizers.L1L2;
import io.nnlab.nn.regularizers.L2;
import io.nnlab.nn.regularizers.Regularizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The layer types and activations {@link ModelFile} (and so {@code Checkpoint}) can save and load,
 * by name: nnlab's own, and yours once registered.
 *
 * <pre>{@code
 * Registry.registerLayer("Scale", Scale.class, c -> new Scale(c.number("init")));
 * Registry.registerActivation("swish_beta", Swish.class, c -> new Swish(c.number("beta")));
 * ModelFile.save(model, path);                 // each layer as {"class": type, "config": layer.config()}
 * Sequential again = ModelFile.load(path);     // each rebuilt by its type's factory
 * }</pre>
 *
 * <p>A layer is saved under the type registered for its exact class (a subclass of Dense is not a
 * Dense), with its {@link Layer#config()} and its name; on loading, the factory gets that config
 * back as a {@link Config} and returns the layer, which the loader then names and builds. An
 * activation is saved by its {@link Activation#name()}, as a string when it has no parameters and
 * as {@code {"class": name, "config": parameters}} when it has; its factory gets the parameters.
 *
 * <p>Registration is explicit rather than found through {@link java.util.ServiceLoader}: it is a line
 * of code a reader sees, it works the same from a test, a notebook, the class path or the module
 * path, with no resource file to forget, and a name registered twice for different classes fails
 * at once. Loading only ever calls factories someone registered: a file cannot make nnlab
 * instantiate an arbitrary class. Each JVM that loads a model with your layers must register them
 * first (a static initialiser of the layer class, say); loading an unregistered type is an error
 * that names it and lists the types there are. nnlab's names cannot be taken; registering the same
 * name for the same class again replaces the factory. Thread-safe.
 */
public final class Registry {
    private Registry() {}

    /** A registered kind of object: its name, its exact class, and the factory that rebuilds one from its config. */
    private record Entry<T>(String name, Class<? extends T> type, Function<Config, ? extends T> factory) {

        /** The factory's object for a saved config, checked to be of the registered class. */
        T make(Config config, String what) {
            T made = factory.apply(config);
            if (!type.isInstance(made)) {
                throw new IllegalArgumentException(config.where() + ": the factory of " + what + " '" + name
                        + "' returned " + (made == null ? "null" : made.getClass().getName()) + ", not a " + type.getName());
            }
            return made;
        }
    }

    private static final Map<String, Entry<Layer>> LAYERS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, String> LAYER_NAMES = new ConcurrentHashMap<>();
    private static final Map<String, Entry<Activation>> ACTIVATIONS = new ConcurrentHashMap<>();
    private static final Set<String> BUILT_IN_LAYERS;
    private static final Set<String> BUILT_IN_ACTIVATIONS;

    static {
        putLayer("Dense", Dense.class, c -> new Dense(c.integer("units"), activation(c, "activation"))
                .useBias(c.bool("use_bias"))
                .kernelRegularizer(regularizer(c, "kernel_regularizer"))
                .biasRegularizer(regularizer(c, "bias_regularizer")));
        putLayer("Activation", ActivationLayer.class, c -> new ActivationLayer(activation(c, "activation")));
        // The activation layers with classes of their own are saved as Keras saves them, as Activation layers.
        for (Class<? extends Layer> c : List.of(Identity.class, ReLU.class, Sigmoid.class, Tanh.class, Softmax.class,
                Step.class, LeakyReLU.class, ELU.class, GELU.class, SiLU.class, Softplus.class)) {
            LAYER_NAMES.put(c, "Activation");
        }
        putLayer("Dropout", Dropout.class, c -> new Dropout(c.number("rate")));
        putLayer("Flatten", Flatten.class, c -> new Flatten());
        putLayer("BatchNorm", BatchNorm.class,
                c -> new BatchNorm().momentum(c.number("momentum")).epsilon(c.number("epsilon")));
        BUILT_IN_LAYERS = Set.copyOf(LAYERS.keySet());

        for (Activation a : List.of(Activation.IDENTITY, Activation.SIGMOID, Activation.TANH, Activation.RELU,
                Activation.SOFTMAX, Activation.STEP, Activation.SILU, Activation.SOFTPLUS)) {
            ACTIVATIONS.put(a.name(), new Entry<>(a.name(), a.getClass(), c -> a));
        }
        ACTIVATIONS.put("leaky_relu", new Entry<>("leaky_relu", Activation.LEAKY_RELU.getClass(),
                c -> c.has("alpha") ? Activation.leakyRelu(c.number("alpha")) : Activation.LEAKY_RELU));
        ACTIVATIONS.put("elu", new Entry<>("elu", Activation.ELU.getClass(),
                c -> c.has("alpha") ? Activation.elu(c.number("alpha")) : Activation.ELU));
        ACTIVATIONS.put("gelu", new Entry<>("gelu", Activation.GELU.getClass(),
                c -> Activation.gelu(c.has("approximate") && c.bool("approximate"))));
        BUILT_IN_ACTIVATIONS = Set.copyOf(ACTIVATIONS.keySet());
    }

    private static void putLayer(String type, Class<? extends Layer> layerClass, Function<Config, ? extends Layer> factory) {
        LAYERS.put(type, new Entry<>(type, layerClass, factory));
        LAYER_NAMES.put(layerClass, type);
    }

    // ---------------------------------------------------------------- registering

    /**
     * Makes layers of {@code layerClass} savable under {@code type}, rebuilt on loading by
     * {@code factory} from the config their {@link Layer#config()} wrote.
     *
     * @throws IllegalArgumentException for a blank type, one of nnlab's types, a type registered for
     *                                  another class, or a class registered under another type
     */
    public static synchronized <L extends Layer> void registerLayer(String type, Class<L> layerClass,
                                                                    Function<Config, ? extends L> factory) {
        checkNew(LAYERS, BUILT_IN_LAYERS, "layer type", type, layerClass);
        String oldName = LAYER_NAMES.get(layerClass);
        if (oldName != null && !oldName.equals(type)) {
            throw new IllegalArgumentException("Registry: " + layerClass.getName() + " is registered as layer type '"
                    + oldName + "', not '" + type + "'");
        }
        putLayer(type, layerClass, Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Makes activations of {@code activationClass} savable under {@code name}, which must be what
     * their {@link Activation#name()} returns, rebuilt on loading by {@code factory} from their
     * {@link Activation#config()}.
     *
     * @throws IllegalArgumentException for a blank name, one of nnlab's names, or a name registered
     *                                  for another class
     */
    public static synchronized <A extends Activation> void registerActivation(String name, Class<A> activationClass,
                                                                              Function<Config, ? extends A> factory) {
        checkNew(ACTIVATIONS, BUILT_IN_ACTIVATIONS, "activation", name, activationClass);
        ACTIVATIONS.put(name, new Entry<>(name, activationClass, Objects.requireNonNull(factory, "factory")));
    }

    /** A name may be registered when it is not blank, not nnlab's, and not taken by another class. */
    private static void checkNew(Map<String, ? extends Entry<?>> registered, Set<String> builtIn, String what,
                                 String name, Class<?> type) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Registry: a " + what + " must not be blank, got '" + name + "'");
        }
        if (builtIn.contains(name)) {
            throw new IllegalArgumentException("Registry: " + what + " '" + name + "' is nnlab's; choose another name");
        }
        Entry<?> old = registered.get(name);
        if (old != null && old.type() != type) {
            throw new IllegalArgumentException("Registry: " + what + " '" + name + "' is registered for "
                    + old.type().getName() + ", not " + type.getName());
        }
    }

    /** The layer types registered, nnlab's included, in alphabetical order. */
    public static Set<String> layerTypes() { return new TreeSet<>(LAYERS.keySet()); }

    /** The activation names registered, nnlab's included, in alphabetical order. */
    public static Set<String> activationNames() { return new TreeSet<>(ACTIVATIONS.keySet()); }

    // ---------------------------------------------------------------- layers

    /**
     * The type a layer is saved under.
     *
     * @throws IllegalArgumentException when its class is not registered
     */
    public static String layerType(Layer layer) {
        String type = LAYER_NAMES.get(layer.getClass());
        if (type == null) {
            String simple = layer.getClass().getSimpleName();
            throw new IllegalArgumentException("layer " + layer.name() + " (" + layer.getClass().getName()
                    + ") has no registered type, so its architecture cannot be saved; register it first with "
                    + "Registry.registerLayer(\"" + simple + "\", " + simple + ".class, config -> ...)");
        }
        return type;
    }

    /**
     * A new, unbuilt layer of the type from its saved config.
     *
     * @throws IllegalArgumentException for an unregistered type (naming it and the types there are), or
     *                                  a config the factory refuses
     */
    public static Layer layer(String type, Config config) {
        Entry<Layer> t = LAYERS.get(type);
        if (t == null) {
            throw new IllegalArgumentException(config.where() + ": unknown layer type '" + type + "'; the types "
                    + "registered are " + layerTypes() + ". A layer of your own must be registered with "
                    + "Registry.registerLayer(\"" + type + "\", YourLayer.class, config -> ...) before loading");
        }
        return t.make(config, "layer type");
    }

    // ---------------------------------------------------------------- activations

    /**
     * How an activation is saved: its name, or {@code {"class": name, "config": parameters}} when it has
     * parameters.
     *
     * @throws IllegalArgumentException when it is not registered under its name
     */
    public static Object describe(Activation a) {
        Entry<Activation> t = ACTIVATIONS.get(a.name());
        if (t == null || t.type() != a.getClass()) {
            String simple = a.getClass().getSimpleName();
            throw new IllegalArgumentException("activation '" + a.name() + "' (" + a.getClass().getName() + ") is not "
                    + "registered" + (t == null ? "" : "; that name belongs to " + t.type().getName()) + ", so it "
                    + "cannot be saved; register it first with Registry.registerActivation(\"" + a.name() + "\", "
                    + simple + ".class, config -> ...)");
        }
        Map<String, Object> config = a.config();
        if (config.isEmpty()) return a.name();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", a.name());
        m.put("config", config);
        return m;
    }

    /**
     * The activation of a name, with its default parameters: Keras' names, "identity" and "none" for
     * linear, "swish" for silu, and those registered.
     *
     * @throws IllegalArgumentException for a name that is not registered, listing those that are
     */
    public static Activation activation(String name) {
        return activation(new Config("activation", Map.of("activation", name == null ? "linear" : name)),
                "activation");
    }

    /** The activation saved under {@code key} of a config, as {@link #describe} wrote it; absent means linear. */
    public static Activation activation(Config c, String key) {
        Object spec = c.raw(key);
        if (spec == null) return Activation.IDENTITY;
        String name;
        Config parameters;
        if (spec instanceof String s) {
            name = s;
            parameters = new Config(c.where() + " " + key, Map.of());
        } else if (spec instanceof Map<?, ?>) {
            Config o = c.object(key);
            name = o.string("class");
            parameters = o.has("config") ? o.object("config") : new Config(o.where(), Map.of());
        } else {
            throw c.error(key, "an activation name or {\"class\": name, \"config\": {...}}", spec);
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        n = switch (n) {
            case "identity", "none", "" -> "linear";
            case "swish" -> "silu";
            default -> n;
        };
        Entry<Activation> t = ACTIVATIONS.get(n);
        if (t == null) t = ACTIVATIONS.get(name);  // user names keep their case
        if (t == null) {
            throw c.error(key, "one of " + activationNames() + " (register your own with "
                    + "Registry.registerActivation before loading)", name);
        }
        return t.make(parameters, "activation");
    }

    // ---------------------------------------------------------------- regularisers

    /**
     * How a regulariser is saved: {@code {"class": "L2", "l2": 1e-4}}, or null for none.
     *
     * @throws IllegalArgumentException for a regulariser other than L1, L2 and L1L2
     */
    public static Object describe(Regularizer r) {
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
            default -> throw new IllegalArgumentException("cannot describe the regulariser " + r.getClass().getName()
                    + "; model files cover L1, L2 and L1L2");
        }
        return m;
    }

    /** The regulariser saved under {@code key}, as {@link #describe(Regularizer)} wrote it; absent means none. */
    public static Regularizer regularizer(Config c, String key) {
        if (!c.has(key)) return null;
        Config r = c.object(key);
        return switch (r.string("class")) {
            case "L1" -> new L1(r.number("l1"));
            case "L2" -> new L2(r.number("l2"));
            case "L1L2" -> new L1L2(r.number("l1"), r.number("l2"));
            default -> throw r.error("class", "L1, L2 or L1L2", r.raw("class"));
        };
    }
}
