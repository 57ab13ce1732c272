package io.nnlab.data;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST handwritten digits: 60000 training and 10000 test images of 28×28 pixels (0 to 255,
 * as stored; divide by 255 with {@link Scaling#divideBy}) with int labels 0 to 9.
 *
 * <p>Read from the four standard IDX files, gzipped or not, in the {@code mnist/} folder of the
 * data root ({@link DataLocation}). If they are missing and {@code -Dnnlab.data.download=true} is
 * set, they are fetched from {@code -Dnnlab.data.url} (or {@link #DEFAULT_URL}) and checked
 * against the published SHA-256 sums below before anything is written.
 *
 * <p>{@link #load} checks every file against those sums before reading it, so that a damaged copy
 * (or another dataset under MNIST's names) is an error, not a subtly different benchmark. A gzipped
 * file passes when it is the published file ({@link #SHA256}); failing that, and for a file kept
 * uncompressed, when its decompressed content is the published files' content ({@link #CONTENT_SHA256},
 * computed from the published files), which admits a copy that was only recompressed. Other IDX files
 * are read, unchecked, with {@link #pair}, {@link #readImages} and {@link #readLabels}.
 */
public final class Mnist {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** The SHA-256 of each gzipped file as originally published. */
    public static final Map<String, String> SHA256 = Map.of(
            TRAIN_IMAGES + ".gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            TRAIN_LABELS + ".gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            TEST_IMAGES + ".gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            TEST_LABELS + ".gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    /**
     * The SHA-256 of each file's content once decompressed, for copies kept uncompressed or recompressed:
     * computed here from the published files, whose sums are {@link #SHA256}.
     */
    public static final Map<String, String> CONTENT_SHA256 = Map.of(
            TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** A public mirror of the original files (the one TensorFlow's examples use). */
    public static final String DEFAULT_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/";

    /** The folder under the data root. */
    public static final String FOLDER = "mnist";

    public static final int CLASSES = 10;

    private final Dataset train;
    private final Dataset test;

    private Mnist(Dataset train, Dataset test) {
        this.train = train;
        this.test = test;
    }

    /** The 60000 training images [60000, 28, 28] with their labels. */
    public Dataset train() { return train; }

    /** The 10000 test images [10000, 28, 28] with their labels. */
    public Dataset test() { return test; }

    // ------------------------------------------------------------------ loading

    /**
     * Loads both sets from the data root, downloading missing files first if the researcher opted
     * in; otherwise a missing file is a {@link MissingDataException} that says where nnlab looked.
     */
    public static Mnist load(DType dtype) throws IOException {
        DataLocation location = DataLocation.current();
        Path dir = location.dataset(FOLDER);
        List<String> missing = missing(dir);
        if (!missing.isEmpty()) {
            if (!DataLocation.downloadEnabled()) throw missingError(dir, missing, location);
            download(dir, missing, DataLocation.downloadUrl(DEFAULT_URL));
        }
        return load(dir, dtype);
    }

    /** Loads both sets from the given folder, each file checked against its published SHA-256; never downloads. */
    public static Mnist load(Path dir, DType dtype) throws IOException {
        List<String> missing = missing(dir);
        if (!missing.isEmpty()) throw missingError(dir, missing, null);
        for (String name : FILES) verify(file(dir, name), name);
        Dataset train = pair(file(dir, TRAIN_IMAGES), file(dir, TRAIN_LABELS), dtype);
        Dataset test = pair(file(dir, TEST_IMAGES), file(dir, TEST_LABELS), dtype);
        return new Mnist(train, test);
    }

    /**
     * Checks that {@code file} is MNIST's file {@code name} (one of {@link #FILES}): the published
     * gzipped file, or a copy with the published content (see the class comment).
     *
     * @throws CorruptDataException naming the file, what its SHA-256 is and what it should be
     */
    public static void verify(Path file, String name) throws IOException {
        String published = SHA256.get(name + ".gz");
        String content = CONTENT_SHA256.get(name);
        if (published == null) throw new IllegalArgumentException("MNIST has no file " + name + "; its files are " + FILES);
        String actual = Download.sha256(file);
        if (actual.equals(published) || actual.equals(content)) return;
        String decompressed = null;
        if (isGzip(file)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                decompressed = Download.sha256(in);
            } catch (IOException e) {
                // reported below: whatever it is, it is not the published file
            }
            if (content.equals(decompressed)) return;
        }
        throw new CorruptDataException(file.toString(), "is not MNIST's " + name + ": its SHA-256 is " + actual
                + (decompressed != null ? " (decompressed: " + decompressed + ")" : "") + ", but the published "
                + name + ".gz has " + published + " (decompressed: " + content + "). The file is damaged or holds"
                + " another dataset: delete it and download it again, or read other IDX files with Mnist.pair");
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Images and labels from two files, checked to describe the same number of samples. */
    public static Dataset pair(Path imagesFile, Path labelsFile, DType dtype) throws IOException {
        Tensor images = readImages(imagesFile, dtype);
        int[] labels = readLabels(labelsFile);
        if (images.rows() != labels.length) {
            throw new CorruptDataException(imagesFile.toString(), "holds " + images.rows() + " images but "
                    + labelsFile + " holds " + labels.length + " labels; they must be the same count");
        }
        return Dataset.of(images, labels);
    }

    /** One images file (magic 0x00000803) as [n, rows, cols] pixel values 0..255. */
    public static Tensor readImages(Path file, DType dtype) throws IOException {
        Idx idx = Idx.read(file, Idx.Type.UBYTE, 3);
        int[] s = idx.shape();
        if (s[1] == 0 || s[2] == 0) {
            throw new CorruptDataException(file.toString(), "images of " + s[1] + "×" + s[2] + " pixels; expected"
                    + " at least 1×1 (MNIST's are 28×28)");
        }
        return idx.toTensor(dtype);
    }

    /** One labels file (magic 0x00000801) as ints, each checked to be a digit 0..9. */
    public static int[] readLabels(Path file) throws IOException {
        int[] labels = Idx.read(file, Idx.Type.UBYTE, 1).toInts();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new CorruptDataException(file.toString(), "label " + i + " is " + labels[i]
                        + "; expected a digit 0 to " + (CLASSES - 1));
            }
        }
        return labels;
    }

    /** The file for a name: NAME.gz if present, else NAME, else null. */
    static Path file(Path dir, String name) {
        Path gz = dir.resolve(name + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = dir.resolve(name);
        return Files.isRegularFile(plain) ? plain : null;
    }

    private static List<String> missing(Path dir) {
        List<String> out = new ArrayList<>();
        for (String name : FILES) if (file(dir, name) == null) out.add(name);
        return out;
    }

    private static void download(Path dir, List<String> names, String baseUrl) throws IOException {
        String base = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        for (String name : names) {
            String gz = name + ".gz";
            Download.fetch(URI.create(base + gz), dir.resolve(gz), SHA256.get(gz));
        }
    }

    private static MissingDataException missingError(Path dir, List<String> missing, DataLocation location) {
        StringBuilder sb = new StringBuilder();
        sb.append("MNIST: ").append(missing.size()).append(" of ").append(FILES.size())
                .append(" files not found in ").append(dir.toAbsolutePath()).append(":\n");
        for (String name : missing) sb.append("  ").append(name).append(".gz (or ").append(name).append(")\n");
        if (location != null) {
            sb.append("Looked for the data root in this order:\n").append(location.describe()).append('\n');
        }
        sb.append("To provide them, either\n")
                .append("  - put the four files ");
        for (int i = 0; i < FILES.size(); i++) sb.append(i == 0 ? "" : ", ").append(FILES.get(i)).append(".gz");
        sb.append(" (gzipped or not) in a folder ").append(FOLDER).append("/ under a data root, and point ")
                .append(DataLocation.ENV).append(" or -D").append(DataLocation.PROPERTY).append(" at that root; or\n")
                .append("  - run with -D").append(DataLocation.DOWNLOAD_PROPERTY).append("=true (and optionally -D")
                .append(DataLocation.URL_PROPERTY).append("=BASE, default ").append(DEFAULT_URL)
                .append(") to fetch BASE/<file>.gz into ").append(dir.toAbsolutePath())
                .append(", each checked against its known SHA-256.");
        return new MissingDataException(sb.toString());
    }

    @Override
    public String toString() {
        return "Mnist[train " + train + ", test " + test + "]";
    }
}
