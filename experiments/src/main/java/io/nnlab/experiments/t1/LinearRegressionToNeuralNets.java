package io.nnlab.experiments.t1;

import io.nnlab.experiments.Experiment;
import io.nnlab.experiments.Figure;
import io.nnlab.experiments.Result;
import io.nnlab.experiments.Tutorial;
import io.nnlab.experiments.t1.GradientDescent.Run;
import io.nnlab.experiments.t1.RegressionData.Start;
import io.nnlab.optim.fullbatch.Bfgs;
import io.nnlab.optim.fullbatch.ConjugateGradient;
import io.nnlab.optim.fullbatch.MinimizationResult;
import io.nnlab.optim.fullbatch.MinimizerOptions;
import io.nnlab.tensor.DType;
import io.nnlab.tensor.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * t1: from linear least squares to a one-hidden-layer tanh network, trained by steepest descent,
 * minibatch SGD and BFGS on a noisy line, a parabola and a rippled line.
 *
 * <p>Every result depends on the seed through the data's noise and the starting weights, so each
 * matches the notebook's single run statistically, not digit for digit (numpy's random streams
 * cannot be reproduced). The ripple fits by steepest descent and SGD are bimodal across starts:
 * some runs stop on a plateau (error about 0.11) where the error changes by less than the
 * tolerance per step; {@link #PLATEAU} separates the two modes.
 */
public final class LinearRegressionToNeuralNets implements Tutorial {
    static final double LEARNING_RATE = 0.1;
    static final double SGD_LEARNING_RATE = 0.01;
    static final double TOLERANCE = 1e-5;
    static final int MAX_ITERATIONS = 5000;
    static final int BATCH_SIZE = 10;
    static final int BFGS_ITERATIONS = 150;
    /** scipy's minimize(tol=1e-6) with BFGS sets its gradient tolerance. */
    static final double BFGS_GRADIENT_TOLERANCE = 1e-6;
    /** A ripple run that ends above this error stopped on the plateau (about 0.11) rather than fitting. */
    public static final double PLATEAU = 0.05;

    @Override
    public String id() { return "t1"; }

    @Override
    public String title() { return "From linear regression to neural networks"; }

    @Override
    public List<Experiment> experiments() {
        DType numpy = DType.FLOAT64;
        return List.of(
                new Experiment("t1.linear-fit", true, numpy, (s, d) -> linearFit(s, d, true))
                        .withUntrained((s, d) -> linearFit(s, d, false)).withCheck(Checks::linearFit),
                new Experiment("t1.linear-fit-quadratic", true, numpy, (s, d) -> linearFitQuadratic(s, d, true))
                        .withUntrained((s, d) -> linearFitQuadratic(s, d, false)).withCheck(Checks::linearFitQuadratic),
                new Experiment("t1.linear-fit-quadratic-features", true, numpy, (s, d) -> quadraticFeatures(s, d, true))
                        .withUntrained((s, d) -> quadraticFeatures(s, d, false)).withCheck(Checks::quadraticFeatures),
                new Experiment("t1.forwardnet-quadratic", true, numpy, (s, d) -> forwardNetQuadratic(s, d, true))
                        .withUntrained((s, d) -> forwardNetQuadratic(s, d, false)).withCheck(Checks::forwardNetQuadratic),
                new Experiment("t1.forwardnet-ripple", true, numpy, (s, d) -> forwardNetRipple(s, d, true))
                        .withUntrained((s, d) -> forwardNetRipple(s, d, false)).withCheck(Checks::forwardNetRipple),
                new Experiment("t1.sgd-ripple", true, numpy, (s, d) -> sgdRipple(s, d, true))
                        .withUntrained((s, d) -> sgdRipple(s, d, false)).withCheck(Checks::sgdRipple),
                new Experiment("t1.bfgs-ripple", true, numpy, (s, d) -> bfgsRipple(s, d, true))
                        .withUntrained((s, d) -> bfgsRipple(s, d, false)).withCheck(Checks::bfgsRipple),
                new Experiment("t1.cg-ripple", true, numpy, (s, d) -> cgRipple(s, d, true))
                        .withUntrained((s, d) -> cgRipple(s, d, false)).withCheck(Checks::cgRipple));
    }

    // ------------------------------------------------------------------ linear least squares

    /** Fitted by least squares, or (untrained) the zero line. */
    private static LeastSquares fit(Tensor features, Tensor g, boolean trained) {
        return trained ? LeastSquares.fit(features, g) : LeastSquares.zero(features.cols());
    }

    private static Result linearFit(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.g.astype(dtype);
        LeastSquares fit = fit(x, g, trained);
        double[] w = fit.weights();
        return new Result("t1.linear-fit")
                .metric("mse", fit.mse(x, g))
                .metric("slope", w[0])
                .metric("intercept", w[1])
                .figure(fitFigure("t1/linear-fit.png", "Least squares on a noisy line", x, g, fit.predict(x)))
                .note("Normal equations solved by LU, as numpy's solve. With x and g both standardised the slope "
                        + "is their correlation r, the intercept is 0 up to rounding, and the error is 1 − r², "
                        + "so slope² + mse = 1.");
    }

    private static Result linearFitQuadratic(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.curved.astype(dtype);
        LeastSquares fit = fit(x, g, trained);
        return new Result("t1.linear-fit-quadratic")
                .metric("mse", fit.mse(x, g))
                .figure(fitFigure("t1/linear-fit-quadratic.png", "A line through a parabola", x, g, fit.predict(x)))
                .note("The parabola is symmetric about x = 0, so x explains almost none of it: the error stays "
                        + "close to the target's variance, 1.");
    }

    private static Result quadraticFeatures(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.curved.astype(dtype);
        Tensor features = Tensor.zeros(dtype, x.rows(), 2);
        for (int i = 0; i < x.rows(); i++) {
            double v = x.getFlat(i);
            features.set(v, i, 0);
            features.set(v * v, i, 1);
        }
        LeastSquares fit = fit(features, g, trained);
        return new Result("t1.linear-fit-quadratic-features")
                .metric("mse", fit.mse(features, g))
                .figure(fitFigure("t1/linear-fit-quadratic-features.png", "Least squares on features [x, x²]",
                        x, g, fit.predict(features)))
                .note("With x² as a second feature the model is the data's own form; what is left is the noise, "
                        + "1/81 = 0.012 of the standardised target in expectation (for standardised evenly spaced x, "
                        + "var(10x²) = 80 and the noise adds 1).");
    }

    // ------------------------------------------------------------------ the network by steepest descent

    private static Result forwardNetQuadratic(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.curved.astype(dtype);
        ForwardNet net = new ForwardNet(5, dtype, RegressionData.weightSeed(seed, Start.QUADRATIC));
        Run run = trained ? GradientDescent.steepest(net, x, g, LEARNING_RATE, MAX_ITERATIONS, TOLERANCE)
                : GradientDescent.none(net, x, g);
        Result r = descentResult("t1.forwardnet-quadratic", run)
                .printed("initial_mse", 1.2724, 5e-5)
                .printed("final_mse", 0.0174, 5e-5)
                .printed("iterations", 600, 100);
        netFigures(r, "forwardnet-quadratic", "1-5-1 tanh net on the parabola", net, x, g, run);
        return r.note(STEEPEST_NOTE);
    }

    private static Result forwardNetRipple(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.ripple.astype(dtype);
        ForwardNet net = new ForwardNet(10, dtype, RegressionData.weightSeed(seed, Start.RIPPLE));
        Run run = trained ? GradientDescent.steepest(net, x, g, LEARNING_RATE, MAX_ITERATIONS, TOLERANCE)
                : GradientDescent.none(net, x, g);
        Result r = descentResult("t1.forwardnet-ripple", run)
                .printed("initial_mse", 1.6172, 5e-5)
                .printed("final_mse", 0.0117, 5e-5)
                .printed("iterations", 2600, 100);
        netFigures(r, "forwardnet-ripple", "1-10-1 tanh net on the ripple", net, x, g, run);
        return r.note(STEEPEST_NOTE).note(BIMODAL_NOTE);
    }

    private static final String STEEPEST_NOTE = "Steepest descent as the notebook runs it: lr 0.1 on all weights, "
            + "stop when the error changed by less than 1e-5 since the last step or once the counter passes 5000. "
            + "Weights start uniform in ±√(3/(fan-in + 1)) with the bias drawn as a row of the weight matrix "
            + "(the notebook's rule). The net is an nnlab Sequential of two Dense layers with the MeanSquaredError "
            + "loss, trained by nnlab's fit loop (full batch, Sgd, loss tolerance and iteration cap, which check "
            + "as the notebook does). The notebook prints the error every 100 iterations, so its iteration count "
            + "means 'stopped within the next 100' and its final error is the last printed one, slightly above "
            + "the error at the stop reported here.";

    private static final String BIMODAL_NOTE = "Bimodal across seeds: some runs stop on a plateau (error about "
            + "0.11) where the error falls by less than 1e-5 per step; the notebook's printed run escaped it. "
            + "Judged over a seed sweep (median and share escaping, error below 0.05), not by one seed.";

    // ------------------------------------------------------------------ minibatch SGD

    private static Result sgdRipple(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.xShifted.astype(dtype), g = data.rippleShifted.astype(dtype);
        ForwardNet net = new ForwardNet(10, dtype, RegressionData.weightSeed(seed, Start.SGD));
        Run run = trained ? GradientDescent.minibatch(net, x, g, BATCH_SIZE, SGD_LEARNING_RATE, MAX_ITERATIONS, TOLERANCE)
                : GradientDescent.none(net, x, g);
        Result r = descentResult("t1.sgd-ripple", run)
                .printed("initial_mse", 1.5938, 5e-5)
                .printed("final_mse", 0.0116, 5e-5)
                .printed("iterations", 4500, 100);
        netFigures(r, "sgd-ripple", "1-10-1 tanh net by minibatch SGD (inputs x + 2)", net, x, g, run);
        return r.note("Minibatch SGD as the notebook runs it, its loop written out around nnlab's model and Sgd "
                        + "because its bookkeeping is the notebook's own: the SGD cell's own data (inputs x + 2, g "
                        + "redrawn on them), batches of 10 in order, never shuffled, lr 0.01; the batches end at sample 99, "
                        + "so sample 100 is never trained on (the notebook's quirk, kept). One iteration is an "
                        + "epoch; the error over all 100 samples is measured after each and the run stops when it "
                        + "changed by less than 1e-5, or once the counter passes 5000. initial_mse is the first "
                        + "error the notebook prints, after the first epoch; the trace starts before training.")
                .note(BIMODAL_NOTE);
    }

    private static Result descentResult(String id, Run run) {
        return new Result(id)
                .metric("initial_mse", run.initialMse())
                .metric("final_mse", run.finalMse())
                .metric("iterations", run.iterations())
                .trace("mse", run.trace())
                .note(run.reachedTolerance() ? "This run reached tol." : "This run reached the iteration cap.");
    }

    // ------------------------------------------------------------------ full-batch minimisers

    private static Result bfgsRipple(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.rippleShifted.astype(dtype);
        ForwardNet net = new ForwardNet(10, dtype, RegressionData.weightSeed(seed, Start.BFGS));
        MinimizationResult m = Bfgs.minimize(net.objective(x, g), net.weights(), fullBatchOptions(trained));
        net.setWeights(m.x());
        Result r = new Result("t1.bfgs-ripple")
                .metric("final_mse", net.mse(x, g))
                .metric("iterations", m.iterations())
                .metric("function_evaluations", m.functionEvaluations())
                .printed("final_mse", 0.00247, 5e-6)
                .printed("iterations", 150, 0)
                .printed("function_evaluations", 155, 0)
                .trace("mse", m.trace())
                .figure(fitFigure("t1/bfgs-ripple.png", "1-10-1 tanh net by BFGS", x, g, net.predict(x).toDoubleArray()))
                .figure(errorFigure("t1/bfgs-ripple-error.png", "BFGS: error by iteration", m.trace()));
        return r.note("nnlab's BFGS (scipy's loop and line search: identity start, MINPACK's Moré–Thuente "
                + "strong Wolfe search) on all 31 weights, "
                + "gradient tolerance 1e-6 (the notebook's tol) and at most 150 iterations. As in the notebook it "
                + "fits the SGD cell's ripple against the unshifted x. Stopped: " + m.message()
                + " The printed 0.00247 is near the noise floor: the standardised noise has variance about "
                + "1/401 = 0.0025, and a fully converged fit reaches about 0.0018 – 0.0019. It is one draw: "
                + "scipy's BFGS from the same 20 data sets and starts has a median of 0.00250 (nnlab 0.00249), "
                + "and about 40 % of 20-seed medians fall at or below 0.00247.");
    }

    private static Result cgRipple(long seed, DType dtype, boolean trained) {
        RegressionData data = RegressionData.generate(seed);
        Tensor x = data.x.astype(dtype), g = data.rippleShifted.astype(dtype);
        ForwardNet net = new ForwardNet(10, dtype, RegressionData.weightSeed(seed, Start.BFGS));
        double[] start = net.weights();
        MinimizationResult cg = ConjugateGradient.minimize(net.objective(x, g), start, fullBatchOptions(trained));
        net.setWeights(start);
        MinimizationResult bfgs = Bfgs.minimize(net.objective(x, g), start, fullBatchOptions(trained));
        net.setWeights(cg.x());
        Result r = new Result("t1.cg-ripple")
                .metric("final_mse", net.mse(x, g))
                .metric("iterations", cg.iterations())
                .trace("mse", cg.trace())
                .figure(fitFigure("t1/cg-ripple.png", "1-10-1 tanh net by nonlinear conjugate gradient", x, g,
                        net.predict(x).toDoubleArray()))
                .figure(Figure.xy("t1/cg-ripple-error.png", "Conjugate gradient and BFGS from the same start")
                        .labels("iteration", "mean squared error").logY()
                        .line("conjugate gradient", steps(cg.trace().length), positive(cg.trace()))
                        .line("BFGS", steps(bfgs.trace().length), positive(bfgs.trace())));
        return r.note(String.format(Locale.ROOT, "Beyond the notebook: commons-math3's nonlinear conjugate gradient "
                        + "(Polak–Ribière, its own Brent line search) through nnlab's ConjugateGradient, from the same "
                        + "start and with the same budget as t1.bfgs-ripple (at most 150 iterations, gradient "
                        + "tolerance 1e-6). It used %d function evaluations (BFGS: %d, reaching %.5g). Stopped: %s",
                cg.functionEvaluations(), bfgs.functionEvaluations(), bfgs.fun(), cg.message()));
    }

    /** The notebook's budget, or none at all (untrained: the start, evaluated). */
    private static MinimizerOptions fullBatchOptions(boolean trained) {
        return MinimizerOptions.defaults().withGradientTolerance(BFGS_GRADIENT_TOLERANCE)
                .withMaxIterations(trained ? BFGS_ITERATIONS : 0);
    }

    // ------------------------------------------------------------------ figures

    private static void netFigures(Result r, String name, String title, ForwardNet net, Tensor x, Tensor g, Run run) {
        r.figure(fitFigure("t1/" + name + ".png", title, x, g, net.predict(x).toDoubleArray()));
        Tensor z = net.hiddenResponses(x);
        double[] xs = x.toDoubleArray();
        Figure hidden = Figure.xy("t1/" + name + "-hidden.png", "Hidden unit responses").labels("input x", "tanh response");
        for (int j = 0; j < z.cols(); j++) {
            double[] col = new double[z.rows()];
            for (int i = 0; i < col.length; i++) col[i] = z.at(i, j);
            hidden.line("unit " + (j + 1), xs, col);
        }
        r.figure(hidden);
        r.figure(errorFigure("t1/" + name + "-error.png", "Error by iteration", run.trace()));
    }

    private static Figure fitFigure(String file, String title, Tensor x, Tensor g, double[] fit) {
        double[] xs = x.toDoubleArray();
        return Figure.xy(file, title).labels("input", "output")
                .scatter("data", xs, g.toDoubleArray())
                .line("fit", xs, fit);
    }

    private static Figure errorFigure(String file, String title, double[] trace) {
        return Figure.xy(file, title).labels("iteration", "mean squared error").logY()
                .line("error", steps(trace.length), positive(trace));
    }

    /** For a log axis: an error that reached exactly 0 is drawn at the smallest positive value. */
    private static double[] positive(double[] v) {
        double floor = Double.MAX_VALUE;
        for (double d : v) if (d > 0) floor = Math.min(floor, d);
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) if (!(out[i] > 0)) out[i] = floor == Double.MAX_VALUE ? 1 : floor;
        return out;
    }

    private static double[] steps(int n) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = i;
        return s;
    }
}
