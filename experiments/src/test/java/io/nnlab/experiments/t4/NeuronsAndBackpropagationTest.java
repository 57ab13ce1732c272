package io.nnlab.experiments.t4;

import io.nnlab.experiments.Checked;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** t4's results, all deterministic, each held to its check (see {@code t4.Checks}). */
@Tag("tutorial")
@Tag("t4")
class NeuronsAndBackpropagationTest {

    @Test
    void irisNeuron() { Checked.verify("t4.iris-neuron"); }

    @Test
    void backpropWorkedExample() { Checked.verify("t4.backprop-worked-example"); }

    @Test
    void singleSampleDescent() { Checked.verify("t4.single-sample-descent"); }
}
