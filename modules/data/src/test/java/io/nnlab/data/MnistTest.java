package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    // Computed once from the shared files with python3 and numpy 2.4:
    //   im = np.frombuffer(gzip.open(f).read(), np.uint8, offset=16).reshape(-1, 28, 28)
    //   lb = np.frombuffer(gzip.open(g).read(), np.uint8, offset=8)
    //   int(im[0].sum()), np.bincount(lb, minlength=10).tolist(), lb[:10].tolist()
    static final int TRAIN_FIRST_PIXEL_SUM = 27525;
    static final int TEST_FIRST_PIXEL_SUM = 18454;
    static final int[] TRAIN_COUNTS = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    static final int[] TEST_COUNTS = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
    static final int[] TRAIN_FIRST_LABELS = {5, 0, 4, 1, 9, 2, 1, 3, 1, 4};
    static final int[] TEST_FIRST_LABELS = {7, 2, 1, 0, 4, 1, 4, 9, 5, 9};

    @Test
    void theRealMnistLoadsWithItsKnownCountsAndSums() throws Exception {
        Path dir = TestSupport.mnistDir();
        Mnist m = Mnist.load(DType.FLOAT32); // through DataLocation, as a researcher would

        Dataset train = m.train();
        assertArrayEquals(new int[] {60000, 28, 28}, train.features().shape());
        assertEquals(DType.FLOAT32, train.features().dtype());
        assertArrayEquals(TRAIN_COUNTS, train.labelCounts());
        assertArrayEquals(TRAIN_FIRST_LABELS, java.util.Arrays.copyOf(train.labels(), 10));
        assertEquals(TRAIN_FIRST_PIXEL_SUM, pixelSum(train.features(), 0));

        Dataset test = m.test();
        assertArrayEquals(new int[] {10000, 28, 28}, test.features().shape());
        assertArrayEquals(TEST_COUNTS, test.labelCounts());
        assertArrayEquals(TEST_FIRST_LABELS, java.util.Arrays.copyOf(test.labels(), 10));
        assertEquals(TEST_FIRST_PIXEL_SUM, pixelSum(test.features(), 0));

        float max = 0;
        for (float v : train.features().floats()) max = Math.max(max, v);
        assertEquals(255f, max);

        // float64 gives the same values.
        Dataset test64 = Mnist.pair(Mnist.file(dir, Mnist.TEST_IMAGES), Mnist.file(dir, Mnist.TEST_LABELS), DType.FLOAT64);
        assertEquals(DType.FLOAT64, test64.features().dtype());
        assertEquals(TEST_FIRST_PIXEL_SUM, pixelSum(test64.features(), 0));
        assertEquals(0.0, test64.features().maxAbsDiff(test.features().astype(DType.FLOAT64)));
    }

    @Test
    void plainIdxFilesLoadLikeGzippedOnes(@TempDir Path tmp) throws Exception {
        Path dir = TestSupport.mnistDir();
        // The small labels file, decompressed, must read like its .gz.
        Path gz = Mnist.file(dir, Mnist.TEST_LABELS);
        byte[] plain;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            plain = in.readAllBytes();
        }
        Path plainFile = TestSupport.write(tmp, Mnist.TEST_LABELS, plain);
        assertArrayEquals(Mnist.readLabels(gz), Mnist.readLabels(plainFile));
    }

    /**
     * A folder holding the four MNIST files as links to the shared ones, except {@code name} (one of
     * Mnist.FILES), written with these bytes as {@code fileName}.
     */
    private static Path mnistWith(Path tmp, String name, String fileName, byte[] bytes) throws Exception {
        assertTrue(Mnist.FILES.contains(name) && fileName.startsWith(name), fileName);
        Path shared = TestSupport.mnistDir();
        for (String f : Mnist.FILES) {
            if (!f.equals(name)) Files.createSymbolicLink(tmp.resolve(f + ".gz"), Mnist.file(shared, f).toAbsolutePath());
        }
        Files.write(tmp.resolve(fileName), bytes);
        return tmp;
    }

    private static byte[] gunzipped(Path gz) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aDamagedCopyIsRefusedNamingItsHashAndThePublishedOne(@TempDir Path tmp) throws Exception {
        byte[] labels = gunzipped(Mnist.file(TestSupport.mnistDir(), Mnist.TEST_LABELS));
        labels[5000] = (byte) ((labels[5000] + 1) % 10); // still a digit: only the checksum can tell
        Path dir = mnistWith(tmp, Mnist.TEST_LABELS, Mnist.TEST_LABELS, labels);
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Mnist.load(dir, DType.FLOAT32));
        String actual = Download.sha256(dir.resolve(Mnist.TEST_LABELS));
        assertEquals(dir.resolve(Mnist.TEST_LABELS) + ": is not MNIST's " + Mnist.TEST_LABELS + ": its SHA-256 is "
                + actual + ", but the published " + Mnist.TEST_LABELS + ".gz has " + Mnist.SHA256.get(Mnist.TEST_LABELS + ".gz")
                + " (decompressed: " + Mnist.CONTENT_SHA256.get(Mnist.TEST_LABELS) + "). The file is damaged or holds"
                + " another dataset: delete it and download it again, or read other IDX files with Mnist.pair",
                e.getMessage());
        // The same bytes gzipped: both the file's and its content's hash are named.
        Files.delete(dir.resolve(Mnist.TEST_LABELS));
        Files.write(dir.resolve(Mnist.TEST_LABELS + ".gz"), TestSupport.gzip(labels));
        e = assertThrows(CorruptDataException.class, () -> Mnist.load(dir, DType.FLOAT32));
        assertTrue(e.getMessage().contains("(decompressed: " + actual + "), but the published"), e.getMessage());
    }

    @Test
    void uncompressedAndRecompressedCopiesOfThePublishedFilesLoad(@TempDir Path tmp) throws Exception {
        Path shared = TestSupport.mnistDir();
        byte[] labels = gunzipped(Mnist.file(shared, Mnist.TRAIN_LABELS));
        Path plain = mnistWith(Files.createDirectory(tmp.resolve("plain")), Mnist.TRAIN_LABELS, Mnist.TRAIN_LABELS, labels);
        assertEquals(60000, Mnist.load(plain, DType.FLOAT32).train().size());
        byte[] recompressed = TestSupport.gzip(labels);
        assertTrue(!Download.sha256(Mnist.file(shared, Mnist.TRAIN_LABELS))
                        .equals(Download.sha256(new ByteArrayInputStream(recompressed))),
                "Java's gzip differs from the published file's");
        Path regz = mnistWith(Files.createDirectory(tmp.resolve("regz")), Mnist.TRAIN_LABELS, Mnist.TRAIN_LABELS + ".gz",
                recompressed);
        assertArrayEquals(TRAIN_COUNTS, Mnist.load(regz, DType.FLOAT32).train().labelCounts());
    }

    static long pixelSum(Tensor images, int index) {
        int n = images.dim(1) * images.dim(2);
        long sum = 0;
        for (int i = 0; i < n; i++) sum += (long) images.getFlat(index * n + i);
        return sum;
    }

    @Test
    void missingFilesListWhereNnlabLookedAndHowToProvideThem(@TempDir Path tmp) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put(DataLocation.PROPERTY, tmp.toString());
        props.put(DataLocation.DOWNLOAD_PROPERTY, null);
        TestSupport.withProperties(props, () -> {
            MissingDataException e = assertThrows(MissingDataException.class, () -> Mnist.load(DType.FLOAT32));
            String msg = e.getMessage();
            for (String f : Mnist.FILES) assertTrue(msg.contains(f + ".gz"), msg);
            assertTrue(msg.contains(tmp.resolve("mnist").toString()), msg);
            assertTrue(msg.contains("-Dnnlab.data.dir: " + tmp + "   <- used"), msg);
            assertTrue(msg.contains("NNLAB_DATA"), msg);
            assertTrue(msg.contains(".nnlab"), msg);
            assertTrue(msg.contains("-Dnnlab.data.download=true"), msg);
            assertTrue(msg.contains("-Dnnlab.data.url=BASE"), msg);
        });
        assertTrue(Files.notExists(tmp.resolve("mnist")), "nothing is created without the download opt-in");
    }

    @Test
    void aPartlyMissingFolderNamesOnlyTheMissingFiles(@TempDir Path tmp) throws Exception {
        TestSupport.write(tmp, Mnist.TRAIN_LABELS + ".gz", TestSupport.gzip(TestSupport.idx(0x08, new int[] {1}, new byte[1])));
        MissingDataException e = assertThrows(MissingDataException.class, () -> Mnist.load(tmp, DType.FLOAT32));
        assertTrue(e.getMessage().startsWith("MNIST: 3 of 4 files not found in " + tmp), e.getMessage());
        assertTrue(!e.getMessage().contains("  " + Mnist.TRAIN_LABELS + ".gz (or"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustAgree(@TempDir Path tmp) throws Exception {
        Path images = TestSupport.write(tmp, "images", TestSupport.idx(0x08, new int[] {3, 2, 2}, new byte[12]));
        Path labels = TestSupport.write(tmp, "labels", TestSupport.idx(0x08, new int[] {2}, new byte[] {1, 2}));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Mnist.pair(images, labels, DType.FLOAT32));
        assertEquals(images.toString() + ": holds 3 images but " + labels + " holds 2 labels; they must be the same count",
                e.getMessage());
    }

    @Test
    void labelsMustBeDigits(@TempDir Path tmp) throws Exception {
        Path labels = TestSupport.write(tmp, "labels", TestSupport.idx(0x08, new int[] {3}, new byte[] {1, 12, 2}));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Mnist.readLabels(labels));
        assertEquals(labels + ": label 1 is 12; expected a digit 0 to 9", e.getMessage());
    }

    @Test
    void labelsReadAsImagesIsAWrongMagicNumber(@TempDir Path tmp) throws Exception {
        Path labels = TestSupport.write(tmp, "labels.gz", TestSupport.gzip(TestSupport.idx(0x08, new int[] {2}, new byte[2])));
        CorruptDataException e = assertThrows(CorruptDataException.class, () -> Mnist.readImages(labels, DType.FLOAT32));
        assertEquals(labels + ": wrong magic number: expected 0x00000803 (unsigned bytes, 3 dimensions),"
                + " found 0x00000801 (unsigned bytes, 1 dimension)", e.getMessage());
    }
}
