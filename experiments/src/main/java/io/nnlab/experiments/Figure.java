package io.nnlab.experiments;

import java.util.ArrayList;
import java.util.List;

/**
 * A plot an experiment produced, as data: the report renders it to PNG. Three kinds cover the
 * tutorials' plots: x-y series (lines and scatters: fits, loss curves, hidden-unit responses,
 * boundaries), bars (predicted class probabilities) and an image (an MNIST digit).
 */
public final class Figure {
    public enum Kind { XY, BAR, IMAGE }

    public enum Style { LINE, SCATTER }

    /** One series of an x-y plot or one set of bars (x holds the categories' positions). */
    public record Series(String name, double[] x, double[] y, Style style) {}

    private final String file;
    private final String title;
    private final Kind kind;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logY;
    private final List<Series> series = new ArrayList<>();
    private double[][] image;

    private Figure(String file, String title, Kind kind) {
        this.file = file;
        this.title = title;
        this.kind = kind;
    }

    /** An x-y plot saved as {@code file} (a path relative to the results folder, e.g. "t1/fit.png"). */
    public static Figure xy(String file, String title) { return new Figure(file, title, Kind.XY); }

    public static Figure bar(String file, String title) { return new Figure(file, title, Kind.BAR); }

    /** A grey-scale image; pixels[row][col], 0 white to 1 black. */
    public static Figure image(String file, String title, double[][] pixels) {
        Figure f = new Figure(file, title, Kind.IMAGE);
        f.image = pixels;
        return f;
    }

    public Figure labels(String x, String y) {
        this.xLabel = x;
        this.yLabel = y;
        return this;
    }

    public Figure logY() {
        this.logY = true;
        return this;
    }

    public Figure line(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, Style.LINE));
        return this;
    }

    public Figure scatter(String name, double[] x, double[] y) {
        series.add(new Series(name, x, y, Style.SCATTER));
        return this;
    }

    public String file() { return file; }

    public String title() { return title; }

    public Kind kind() { return kind; }

    public String xLabel() { return xLabel; }

    public String yLabel() { return yLabel; }

    public boolean isLogY() { return logY; }

    public List<Series> series() { return series; }

    public double[][] image() { return image; }
}
