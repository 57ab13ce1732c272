package io.nnlab.examples;

import io.nnlab.data.Dataset;
import io.nnlab.data.MissingDataException;
import io.nnlab.nn.ModelFile;
import io.nnlab.nn.losses.SparseCategoricalCrossEntropy;
import io.nnlab.optim.Accuracy;
import io.nnlab.optim.Adam;
import io.nnlab.optim.History;
import io.nnlab.optim.Trainer;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

/** The MNIST example on its first 3000 training images for one epoch; the README command runs the full 5 epochs. */
class MnistMlpTest {
    private static final int SAMPLES = 3000;

    @TempDir
    Path dir;

    @Test
    void trainsValidatesOnTheLastTenthPlotsAndReloadsToIdenticalPredictions() throws Exception {
        MnistMlp.Outcome o;
        try {
            o = MnistMlp.run(dir, SAMPLES, 1);
        } catch (MissingDataException e) {
            abort("MNIST is not available, so the MnistMlp example is not run (set NNLAB_DATA to a folder with "
                    + "mnist/ in it):\n" + e.getMessage());
            return;
        }
        // Chance is 0.1; one epoch over 2700 images reaches about 0.86.
        assertTrue(o.testAccuracy() > 0.75, "test accuracy " + o.testAccuracy());

        // The validation split: fit trained on the first 2700 rows alone (85 batches of 32), and its
        // val_ metrics are those of the trained model on the last 300.
        History h = o.history();
        int trained = 2700;
        assertEquals(Math.ceilDiv(trained, MnistMlp.BATCH_SIZE), h.iterations());
        Dataset heldOut = o.train().subset(IntStream.range(trained, SAMPLES).toArray());
        Map<String, Double> val = new Trainer(o.model(), new SparseCategoricalCrossEntropy(), new Adam(),
                Accuracy.sparseCategorical()).evaluate(heldOut);
        assertEquals(val.get("loss"), h.last("val_loss"));
        assertEquals(val.get("accuracy"), h.last("val_accuracy"));

        // The schedule warmed the rate up to 0.002 and took it down along the cosine, nearly to zero.
        assertTrue(o.finalLearningRate() > 0 && o.finalLearningRate() < 1e-5, "final rate " + o.finalLearningRate());

        // The saved model, loaded here again, predicts exactly as the trained one.
        assertTrue(o.identicalPredictions());
        Tensor x = o.test().features();
        assertTrue(ModelFile.load(o.modelFile()).predict(x).bitEquals(o.model().predict(x)));
        assertEquals(o.testAccuracy(), o.reloadedTestAccuracy());

        // The plots are files an XML parser and an image reader accept, naming what they show.
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setNamespaceAware(true);
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);  // offline
        Document svg = xml.newDocumentBuilder().parse(o.lossPlot().toFile());
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        assertEquals("xy plot; x: epoch; series: loss, val_loss",
                svg.getElementsByTagName("desc").item(0).getTextContent());
        BufferedImage png = ImageIO.read(o.accuracyPlot().toFile());
        assertNotNull(png, "accuracy.png is not a readable image");
        assertEquals(800, png.getWidth());
        assertEquals(500, png.getHeight());
    }
}
