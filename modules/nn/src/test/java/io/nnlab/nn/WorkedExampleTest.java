package io.nnlab.nn;

import io.nnlab.nn.activations.Activation;
import io.nnlab.nn.layers.Dense;
import io.nnlab.nn.losses.BinaryCrossEntropy;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * t4's backpropagation worked example: x = [5, 3], label 1, W = [[1,-1,3],[2,2,-1]],
 * V = [0.1, 0.5, -0.1], h = sigmoid(x·W), y = sigmoid(h·V), binary cross-entropy. Each value is
 * compared to the digits the tutorial printed: within half a unit of the last printed digit for the
 * values its code printed (rounded), and as a truncation for the hand-written h1 = 0.99998329857.
 */
class WorkedExampleTest {
    static final DType F64 = DType.FLOAT64;

    static Sequential network() {
        Sequential model = Sequential.builder()
                .input(2)
                .add(new Dense(3, Activation.SIGMOID).useBias(false))
                .add(new Dense(1, Activation.SIGMOID).useBias(false))
                .build(F64, 0);
        ((Dense) model.layer(0)).kernel().value().copyFrom(Tensor.matrix(F64, new double[][]{{1, -1, 3}, {2, 2, -1}}));
        ((Dense) model.layer(1)).kernel().value().copyFrom(Tensor.matrix(F64, new double[][]{{0.1}, {0.5}, {-0.1}}));
        return model;
    }

    /** |actual - printed| within half a unit in the last place of the printed decimal. */
    static void assertPrinted(String printed, double actual) {
        BigDecimal p = new BigDecimal(printed);
        double halfUnit = 0.5 * Math.pow(10, -p.scale());
        assertEquals(p.doubleValue(), actual, halfUnit, () -> "printed " + printed + ", got " + actual);
    }

    /** actual, cut after the printed number of decimals, is the printed value. */
    static void assertTruncated(String printed, double actual) {
        BigDecimal p = new BigDecimal(printed);
        assertEquals(p, new BigDecimal(actual).setScale(p.scale(), RoundingMode.DOWN), "printed " + printed);
    }

    @Test
    void reproducesThePrintedForwardPassLossAndGradients() {
        Sequential model = network();
        Tensor x = Tensor.matrix(F64, new double[][]{{5, 3}});
        Tensor label = Tensor.matrix(F64, new double[][]{{1}});

        Tensor h = model.layer(0).forward(x, Mode.INFERENCE);
        assertTruncated("0.99998329857", h.at(0, 0));
        Tensor y = model.predict(x);
        assertPrinted("0.590378", y.at(0, 0));

        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        bce.forward(y, label);
        assertPrinted("-1.69383", bce.backward().at(0, 0)); // dJ/dy = -1/y

        double loss = model.computeGradients(x, label, bce);
        assertPrinted("0.52699227", loss);
        Tensor w = ((Dense) model.layer(0)).kernel().grad();
        assertPrinted("-0.00000342057777", w.at(0, 0));
        assertPrinted("-0.201341432", w.at(0, 1));
        assertPrinted("0.00000125838681", w.at(0, 2));
        assertPrinted("-0.00000205234666", w.at(1, 0));
        assertPrinted("-0.120804859", w.at(1, 1));
        assertPrinted("0.000000755032084", w.at(1, 2));
        Tensor v = ((Dense) model.layer(1)).kernel().grad();
        assertPrinted("-0.40961516", v.at(0, 0));
        assertPrinted("-0.29945768", v.at(1, 0));
        assertPrinted("-0.40961948", v.at(2, 0));
    }

    @Test
    void theUnfusedChainGivesTheSameGradients() {
        // The tutorial's own route: dJ/dy = -1/y, then through each sigmoid's derivative.
        Sequential model = network();
        Tensor x = Tensor.matrix(F64, new double[][]{{5, 3}});
        Tensor label = Tensor.matrix(F64, new double[][]{{1}});
        model.zeroGrad();
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        assertPrinted("0.52699227", bce.forward(model.forward(x, Mode.TRAIN), label));
        model.backward(bce.backward());
        Tensor w = ((Dense) model.layer(0)).kernel().grad();
        assertPrinted("-0.00000342057777", w.at(0, 0));
        assertPrinted("-0.120804859", w.at(1, 1));
        assertPrinted("-0.40961948", ((Dense) model.layer(1)).kernel().grad().at(2, 0));
    }
}
