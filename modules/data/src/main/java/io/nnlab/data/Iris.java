package io.nnlab.data;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fisher's Iris data, bundled: 150 flowers, 4 measurements in cm, 3 species (50 each, in order).
 *
 * <p>Two versions, because they differ and the tutorials used both. {@link Version#CURRENT} is the
 * table scikit-learn ships today ({@code load_iris}). {@link Version#UCI} is the original UCI
 * Machine Learning Repository table, which has [4.9, 3.1, 1.5, 0.1] for both samples 35 and 38
 * (1-based) where scikit-learn corrected them to [4.9, 3.1, 1.5, 0.2] and [4.9, 3.6, 1.4, 0.1]
 * following Fisher's paper. t2's printed figures come from the UCI table; t4 uses the current one.
 */
public final class Iris {

    /** Which table. */
    public enum Version {
        /** scikit-learn's load_iris today. */
        CURRENT("iris.csv"),
        /** The original UCI table (samples 35 and 38 differ). */
        UCI("iris-uci.csv");

        final String resource;

        Version(String resource) { this.resource = resource; }
    }

    /** Column names, in order. */
    public static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

    /** Class names; a label is an index into this list. */
    public static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

    public static final int SEPAL_LENGTH = 0;
    public static final int SEPAL_WIDTH = 1;
    public static final int PETAL_LENGTH = 2;
    public static final int PETAL_WIDTH = 3;

    private static final int SPECIES_COLUMN = 4;

    private Iris() {}

    /** All four features [150, 4] with the species as labels 0, 1, 2. */
    public static Dataset load(Version version, DType dtype) {
        Csv csv = table(version, dtype);
        try {
            return Dataset.of(csv.numbers(), csv.codes(SPECIES_COLUMN, CLASSES));
        } catch (CorruptDataException e) {
            throw new IllegalStateException("the bundled " + version.resource + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The chosen feature columns as [150, k], e.g. columns(UCI, FLOAT64, SEPAL_LENGTH, SEPAL_WIDTH). */
    public static Tensor columns(Version version, DType dtype, int... columns) {
        return table(version, dtype).numbers(columns);
    }

    private static Csv table(Version version, DType dtype) {
        // The table ships inside the jar, so failing to read it is a broken build, not bad input.
        try (InputStream in = Iris.class.getResourceAsStream(version.resource)) {
            if (in == null) throw new IllegalStateException("resource " + version.resource + " is missing from the nnlab-data jar");
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Csv.read(r, version.resource, true, dtype, SPECIES_COLUMN);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled " + version.resource, e);
        }
    }
}
