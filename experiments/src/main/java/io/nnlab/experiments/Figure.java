package io.nnlab.experiments;

import io.nnlab.plots.Plot;

/**
 * A plot an experiment produced and the file, relative to the results folder, that the report saves
 * it to. The plot is an {@link io.nnlab.plots.Plot}; these methods describe it and return the figure,
 * so that an experiment writes {@code Figure.xy("t1/fit.png", "Fit").labels("x", "y").line(...)}.
 */
public final class Figure {

    private final String file;
    private final Plot plot;

    private Figure(String file, Plot plot) {
        this.file = file;
        this.plot = plot;
    }

    /** An x-y plot saved as {@code file} (a path relative to the results folder, e.g. "t1/fit.png"). */
    public static Figure xy(String file, String title) { return new Figure(file, Plot.xy(title)); }

    public static Figure bar(String file, String title) { return new Figure(file, Plot.bar(title)); }

    /** A grey-scale image; pixels[row][col], 0 white to 1 black. */
    public static Figure image(String file, String title, double[][] pixels) {
        return new Figure(file, Plot.image(title, pixels));
    }

    public Figure labels(String x, String y) {
        plot.labels(x, y);
        return this;
    }

    public Figure logY() {
        plot.logY();
        return this;
    }

    public Figure line(String name, double[] x, double[] y) {
        plot.line(name, x, y);
        return this;
    }

    /** A line through y against 1, 2, …, y.length (a loss per epoch). */
    public Figure line(String name, double[] y) {
        plot.line(name, y);
        return this;
    }

    public Figure scatter(String name, double[] x, double[] y) {
        plot.scatter(name, x, y);
        return this;
    }

    public Figure bars(String name, double[] x, double[] y) {
        plot.bars(name, x, y);
        return this;
    }

    public String file() { return file; }

    public String title() { return plot.title(); }

    public Plot plot() { return plot; }
}
