package io.nnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

class IrisTest {

    private static String sha256(String resource) throws Exception {
        try (InputStream in = Iris.class.getResourceAsStream(resource)) {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes()));
        }
    }

    @Test
    void theBundledTablesAreTheKnownFiles() throws Exception {
        // iris.csv is a copy of shared/data/iris/iris.csv (scikit-learn's table).
        assertEquals("9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355", sha256("iris.csv"));
        // iris-uci.csv is that file with samples 35 and 38 set to UCI's [4.9, 3.1, 1.5, 0.1].
        assertEquals("c52742e50315a99f956a383faedf7575552675f6409ef0f9a47076dd08479930", sha256("iris-uci.csv"));
    }

    @Test
    void theTwoVersionsDifferOnlyInSamples35And38() {
        Tensor current = Iris.load(Iris.Version.CURRENT, DType.FLOAT64).features();
        Tensor uci = Iris.load(Iris.Version.UCI, DType.FLOAT64).features();
        assertArrayEquals(new int[] {150, 4}, current.shape());
        for (int r = 0; r < 150; r++) {
            for (int c = 0; c < 4; c++) {
                if (r == 34 || r == 37) continue;
                assertEquals(current.get(r, c), uci.get(r, c));
            }
        }
        assertArrayEquals(new double[] {4.9, 3.1, 1.5, 0.2}, row(current, 34));
        assertArrayEquals(new double[] {4.9, 3.6, 1.4, 0.1}, row(current, 37));
        assertArrayEquals(new double[] {4.9, 3.1, 1.5, 0.1}, row(uci, 34));
        assertArrayEquals(new double[] {4.9, 3.1, 1.5, 0.1}, row(uci, 37));
    }

    private static double[] row(Tensor t, int r) {
        return new double[] {t.get(r, 0), t.get(r, 1), t.get(r, 2), t.get(r, 3)};
    }

    @Test
    void namesLabelsAndColumns() {
        assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), Iris.FEATURES);
        assertEquals(List.of("setosa", "versicolor", "virginica"), Iris.CLASSES);
        Dataset d = Iris.load(Iris.Version.CURRENT, DType.FLOAT32);
        assertEquals(DType.FLOAT32, d.features().dtype());
        assertArrayEquals(new int[] {50, 50, 50}, d.labelCounts());
        assertEquals(0, d.labels()[0]);
        assertEquals(2, d.labels()[149]);
        // t2: sepal length and width in, petal length out; its first-prediction sample is [4.7, 3.2].
        Tensor x = Iris.columns(Iris.Version.UCI, DType.FLOAT64, Iris.SEPAL_LENGTH, Iris.SEPAL_WIDTH);
        Tensor y = Iris.columns(Iris.Version.UCI, DType.FLOAT64, Iris.PETAL_LENGTH);
        assertArrayEquals(new int[] {150, 2}, x.shape());
        assertArrayEquals(new int[] {150, 1}, y.shape());
        assertArrayEquals(new double[] {4.7, 3.2}, new double[] {x.get(2, 0), x.get(2, 1)});
        assertEquals(1.3, y.get(2, 0));
        // t2's weighted-sum cost with w = [0.2, 0.6], b = -0.3 on the raw UCI data: 313.0096 as printed.
        double cost = 0;
        for (int i = 0; i < 150; i++) {
            double e = y.get(i, 0) - (0.2 * x.get(i, 0) + 0.6 * x.get(i, 1) - 0.3);
            cost += 0.5 * e * e;
        }
        assertEquals(313.0096, cost, 5e-5);
    }
}
