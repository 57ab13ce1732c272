package io.nnlab.experiments.t5;

import io.nnlab.experiments.Checked;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** t5's results, each held to its check (see {@code t5.Checks}), and the notebook's forward pass. */
@Tag("tutorial")
@Tag("t5")
class NeuralNetworksDemystifiedTest {

    @Test
    void forwardPassGivesTheNotebooksPrintedPrediction() {
        // The weights the notebook displays (In[160]) with its inputs give its printed ŷ (In[135]) to all
        // 8 printed digits: the nnlab layers compute the notebook's forward pass.
        ScoreNet net = new ScoreNet(DType.FLOAT64, 0);
        net.setParams(new double[]{0.22224692, -0.27898779, 1.71877036, 0.23482195, -2.14545752, -0.10447487,
                -0.16169648, 0.02736267, 0.35196909});
        Tensor yHat = net.forward(NeuralNetworksDemystified.inputs(DType.FLOAT64));
        assertArrayEquals(new double[]{0.53030683, 0.54199931, 0.55222292}, yHat.toDoubleArray(), 5e-9);
    }

    @Test
    void uphillStep() { Checked.verify("t5.uphill-step"); }

    @Test
    void numericalDerivative() { Checked.verify("t5.numerical-derivative"); }

    @Test
    void gradientCheck() { Checked.verify("t5.gradient-check"); }

    @Test
    void bfgs() { Checked.verify("t5.bfgs"); }

    @Test
    void regularization() { Checked.verify("t5.regularization"); }
}
