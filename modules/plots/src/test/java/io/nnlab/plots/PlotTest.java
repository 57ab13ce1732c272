package io.nnlab.plots;

import io.nnlab.nn.Sequential;
import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.losses.MeanSquaredError;
import io.nnlab.optim.Adam;
import io.nnlab.optim.FitOptions;
import io.nnlab.optim.History;
import io.nnlab.optim.Metric;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plots drawn to real PNG and SVG files, from a real training history and from hand-made series. */
class PlotTest {

    /** Five epochs of a tiny regression with validation data: loss, mae, val_loss, val_mae. */
    private static History history() {
        Tensor x = Tensor.linspace(DType.FLOAT64, -1, 1, 40).reshape(40, 1);
        double[] t = new double[40];
        for (int i = 0; i < t.length; i++) t[i] = 3 * x.getFlat(i) - 1;
        Tensor y = Tensor.of(DType.FLOAT64, t, 40, 1);
        Sequential model = Sequential.builder().input(1).dense(4, Activation.TANH).dense(1).build(DType.FLOAT64, 1);
        return new Trainer(model, new MeanSquaredError(), new Adam(0.05), Metric.meanAbsoluteError())
                .fit(x, y, FitOptions.builder().epochs(5).batchSize(8).seed(2).validation(x, y).build());
    }

    @Test
    void historyRendersToAPngOfTheRequestedSize(@TempDir Path dir) throws Exception {
        Plot p = Plot.history(history(), "loss", "val_loss");
        assertEquals(List.of("loss", "val_loss"), p.seriesNames());
        p.save(dir.resolve("loss.png"));
        BufferedImage img = ImageIO.read(dir.resolve("loss.png").toFile());
        assertNotNull(img, "a PNG ImageIO can read");
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());

        Plot.history(history()).size(640, 360).save(dir.resolve("sub/all.png"));
        BufferedImage all = ImageIO.read(dir.resolve("sub/all.png").toFile());
        assertEquals(640, all.getWidth());
        assertEquals(360, all.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("loss.png", "sub"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void historyRendersToWellFormedSvgNamingEverySeries(@TempDir Path dir) throws Exception {
        History h = history();
        Path svg = dir.resolve("history.svg");
        Plot.history(h).save(svg);
        String text = Files.readString(svg);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName(), "the root element");
        assertEquals("Training history", doc.getElementsByTagName("title").item(0).getTextContent());
        assertEquals("xy plot; x: epoch; series: loss, mae, val_loss, val_mae",
                doc.getElementsByTagName("desc").item(0).getTextContent(), text.substring(0, 600));
        int paths = doc.getElementsByTagName("path").getLength();
        assertTrue(paths > 10, "the chart itself is drawn: " + paths + " paths");
    }

    @Test
    void barsAndImagesRender(@TempDir Path dir) throws Exception {
        Plot.bar("Probabilities").labels("class", "p").bars("p", new double[]{0, 1, 2}, new double[]{0.2, 0.7, 0.1})
                .save(dir.resolve("bars.png"));
        Plot.image("Digit", new double[][]{{0, 1}, {1, 0}}).save(dir.resolve("digit.svg"));
        assertEquals(400, ImageIO.read(dir.resolve("bars.png").toFile()).getHeight());
        assertTrue(Files.readString(dir.resolve("digit.svg")).contains("<svg"));
    }

    @Test
    void logScaleLeavesOutPointsAtOrBelowZero(@TempDir Path dir) throws Exception {
        Plot p = Plot.xy("Cost").logY().line("cost", new double[]{0, 1, 2}, new double[]{1, 1e-3, 0});
        assertEquals(2, p.xyChart().getSeriesMap().get("cost").getXData().length);
        p.save(dir.resolve("cost.png"));
        assertNotNull(ImageIO.read(dir.resolve("cost.png").toFile()));
    }

    @Test
    void evenlySpacedXStartsHalfASpacingEarlySoTicksAreRound() {
        double[] loss = new double[2000];
        for (int i = 0; i < loss.length; i++) loss[i] = 1.0 / (i + 1);
        assertEquals(0.5, Plot.evenStart(Plot.xy("Loss").logY().line("loss", loss).xyChart()), 1e-12);
        // Two series over the same x are still evenly spaced (XChart sees the distinct values).
        double[] x = {-2, -1.5, -1, -0.5, 0};
        assertEquals(-2.25, Plot.evenStart(Plot.xy("a").line("p", x, x).line("q", x, x).xyChart()), 1e-12);
        // Below XChart's tolerance of 1e-4 the shift is the tolerance itself.
        assertEquals(0.3 - 2e-4, Plot.evenStart(Plot.xy("b")
                .scatter("p", new double[]{0.3, 0.3001, 0.3002, 0.3003}, new double[]{1, 2, 3, 4}).xyChart()), 1e-15);
        // Uneven data and a single point keep XChart's own bounds.
        assertTrue(Double.isNaN(Plot.evenStart(Plot.xy("c").scatter("p", new double[]{0, 1, 3}, new double[]{1, 2, 3})
                .xyChart())));
        assertTrue(Double.isNaN(Plot.evenStart(Plot.xy("d").scatter("p", new double[]{5}, new double[]{1}).xyChart())));
    }

    @Test
    void badSeriesAreRefusedWithTheirNameAndThePoint(@TempDir Path dir) {
        double[] one = {1};
        assertRejected(() -> Plot.xy("Loss").line("loss", new double[0]), "Plot 'Loss'", "series 'loss'", "empty");
        assertRejected(() -> Plot.xy("Loss").line("loss", new double[]{1, 2, 3}, new double[]{1, 2}),
                "series 'loss'", "3 x values but 2 y values");
        assertRejected(() -> Plot.xy("Loss").line("loss", new double[]{1, Double.NaN, 3}),
                "series 'loss'", "index 1", "NaN");
        assertRejected(() -> Plot.xy("Loss").scatter("p", new double[]{Double.POSITIVE_INFINITY}, one),
                "series 'p'", "index 0", "Infinity");
        assertRejected(() -> Plot.xy("Loss").line("loss", one).line("loss", one), "already a series named 'loss'");
        assertRejected(() -> Plot.xy("Loss").line(" ", one), "needs a name");
        assertRejected(() -> Plot.xy("Loss").bars("p", one, one), "bars needs a bar plot", "xy plot");
        assertRejected(() -> Plot.bar("P").logY(), "logY needs a xy plot");
        assertRejected(() -> Plot.xy("Loss").size(50, 400), "at least 100 × 100", "50 × 400");
        assertRejected(() -> Plot.image("Digit", new double[][]{{0, 1}, {1}}), "row 1 has 1 pixels, row 0 has 2");
        assertRejected(() -> Plot.image("Digit", new double[][]{{0, Double.NaN}}), "row 0, column 1", "NaN");
        assertRejected(() -> Plot.image("Digit", new double[0][]), "empty");
        assertRejected(() -> Plot.history(history(), "accuracy"), "no series named 'accuracy'", "loss");
        assertRejected(() -> Plot.xy("Loss").line("loss", one).save(dir.resolve("loss.jpg")),
                "loss.jpg", ".png or .svg");
        IllegalStateException empty = assertThrows(IllegalStateException.class,
                () -> Plot.xy("Nothing").save(dir.resolve("n.png")));
        assertTrue(empty.getMessage().contains("Plot 'Nothing' has no series"), empty.getMessage());
        assertFalse(Files.exists(dir.resolve("n.png")));
    }

    private static void assertRejected(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) assertTrue(e.getMessage().contains(part), "'" + part + "' in: " + e.getMessage());
    }
}
