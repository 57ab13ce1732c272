package io.nnlab.experiments.t4;

import io.nnlab.experiments.Experiment;
import io.nnlab.experiments.Tutorial;
import io.nnlab.tensor.DType;

import java.util.List;

/**
 * t4, neurons and backpropagation: a sigmoid neuron trained by gradient ascent to tell setosa from
 * the other irises, backprop worked by hand through a 2-3-1 sigmoid network, and gradient descent
 * on that single sample. numpy code, so float64; everything is deterministic.
 */
public final class NeuronsAndBackpropagation implements Tutorial {

    @Override
    public String id() { return "t4"; }

    @Override
    public String title() { return "Neurons and backpropagation"; }

    @Override
    public List<Experiment> experiments() {
        DType numpy = DType.FLOAT64;
        return List.of(
                new Experiment("t4.iris-neuron", false, numpy, (s, d) -> IrisNeuron.run(s, d, true))
                        .withUntrained((s, d) -> IrisNeuron.run(s, d, false)).withCheck(Checks::irisNeuron),
                new Experiment("t4.backprop-worked-example", false, numpy, WorkedExample::backprop)
                        .withCheck(Checks::backpropWorkedExample),
                new Experiment("t4.single-sample-descent", false, numpy,
                        (s, d) -> WorkedExample.singleSampleDescent(s, d, true))
                        .withUntrained((s, d) -> WorkedExample.singleSampleDescent(s, d, false))
                        .withCheck(Checks::singleSampleDescent));
    }
}
