package io.nnlab.plots;

import io.nnlab.optim.History;
import io.nnlab.tensor.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A chart as data, drawn with XChart to a PNG or an SVG file. Three kinds: x-y plots (lines and
 * scatters: loss curves, fits, boundaries), bar charts, and a grey-scale image.
 *
 * <pre>{@code
 * History h = trainer.fit(x, y, options);
 * Plot.history(h, "loss", "val_loss").save(Path.of("loss.svg"));
 * Plot.xy("Fit").labels("x", "y").scatter("data", x, y).line("model", x, fit).logY().save(Path.of("fit.png"));
 * }</pre>
 *
 * <p>Every series is checked when it is added: it needs a distinct name, at least one point, as many x
 * values as y values, and only finite values; anything else is an {@link IllegalArgumentException}
 * that names the plot, the series and the first bad point. A log-scale y axis leaves out points with
 * y &lt;= 0, which it cannot show. Files are written whole or not at all. XChart draws letters as
 * shapes, so an SVG carries the title, the axes and the series' names in its {@code <title>} and
 * {@code <desc>} elements.
 */
public final class Plot {

    /** What a plot draws. */
    public enum Kind { XY, BAR, IMAGE }

    /** How a series is drawn. */
    public enum Style { LINE, SCATTER, BARS }

    /** One series: its name, its points (x[i], y[i]) and how it is drawn. */
    public record Series(String name, double[] x, double[] y, Style style) {}

    private final String title;
    private final Kind kind;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logY;
    private int width;
    private int height;
    private final List<Series> series = new ArrayList<>();
    private double[][] image;

    private Plot(String title, Kind kind, int width, int height) {
        this.title = Objects.requireNonNull(title, "title");
        this.kind = kind;
        this.width = width;
        this.height = height;
    }

    /** An x-y plot (800 × 500 pixels): add {@link #line} and {@link #scatter} series. */
    public static Plot xy(String title) { return new Plot(title, Kind.XY, 800, 500); }

    /** A bar chart (800 × 400 pixels): add {@link #bars}. */
    public static Plot bar(String title) { return new Plot(title, Kind.BAR, 800, 400); }

    /**
     * A grey-scale image (520 × 500 pixels), {@code pixels[row][column]} from 0 (white) to 1 (black),
     * the first row at the top.
     */
    public static Plot image(String title, double[][] pixels) {
        Plot p = new Plot(title, Kind.IMAGE, 520, 500);
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length == 0 || pixels[0] == null || pixels[0].length == 0) {
            throw new IllegalArgumentException(p.where() + ": the image is empty: expected at least 1 × 1 pixels");
        }
        double[][] copy = new double[pixels.length][];
        for (int r = 0; r < pixels.length; r++) {
            if (pixels[r] == null || pixels[r].length != pixels[0].length) {
                throw new IllegalArgumentException(p.where() + ": image row " + r + " has "
                        + (pixels[r] == null ? "no" : pixels[r].length) + " pixels, row 0 has " + pixels[0].length);
            }
            copy[r] = pixels[r].clone();
            for (int c = 0; c < copy[r].length; c++) {
                if (!Double.isFinite(copy[r][c])) {
                    throw new IllegalArgumentException(p.where() + ": image pixel (row " + r + ", column " + c
                            + ") is " + copy[r][c] + ": expected a finite value");
                }
            }
        }
        p.image = copy;
        return p;
    }

    /**
     * The named per-epoch series of a training history ("loss", "val_loss", "accuracy", …; all of them
     * when none are named) against the epoch, 1 to {@link History#epochs()}, as lines.
     *
     * @throws IllegalArgumentException when no epoch has been recorded, a name is not in the history,
     *                                  or a value is NaN or infinite
     */
    public static Plot history(History history, String... names) {
        Objects.requireNonNull(history, "history");
        List<String> chosen = names.length == 0 ? history.names() : List.of(names);
        if (history.epochs() == 0) {
            throw new IllegalArgumentException("Plot.history: the history has no epochs recorded: nothing to plot");
        }
        double[] epochs = new double[history.epochs()];
        for (int i = 0; i < epochs.length; i++) epochs[i] = i + 1;
        Plot p = xy("Training history").labels("epoch", chosen.size() == 1 ? chosen.get(0) : "");
        for (String name : chosen) p.line(name, epochs, history.get(name));
        return p;
    }

    /** Names the axes. */
    public Plot labels(String x, String y) {
        this.xLabel = Objects.requireNonNull(x, "x");
        this.yLabel = Objects.requireNonNull(y, "y");
        return this;
    }

    /** A logarithmic y axis; points with y &lt;= 0 are left out. */
    public Plot logY() {
        requireKind(Kind.XY, "logY");
        this.logY = true;
        return this;
    }

    /** The picture's size in pixels (an SVG's in points), at least 100 × 100. */
    public Plot size(int width, int height) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException(where() + ": size must be at least 100 × 100, got " + width + " × " + height);
        }
        this.width = width;
        this.height = height;
        return this;
    }

    /** A line through the points (x[i], y[i]). */
    public Plot line(String name, double[] x, double[] y) {
        requireKind(Kind.XY, "line");
        return add(name, x, y, Style.LINE);
    }

    /** A line through y against 1, 2, …, y.length (a loss per epoch or iteration). */
    public Plot line(String name, double[] y) {
        Objects.requireNonNull(y, () -> where() + ": series '" + name + "' has no y values (null)");
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return line(name, x, y);
    }

    /** The points (x[i], y[i]) as circles. */
    public Plot scatter(String name, double[] x, double[] y) {
        requireKind(Kind.XY, "scatter");
        return add(name, x, y, Style.SCATTER);
    }

    /** A bar of height y[i] at category x[i] (whole numbers are labelled as such). */
    public Plot bars(String name, double[] x, double[] y) {
        requireKind(Kind.BAR, "bars");
        return add(name, x, y, Style.BARS);
    }

    public String title() { return title; }

    public Kind kind() { return kind; }

    /** The width in pixels. */
    public int width() { return width; }

    /** The height in pixels. */
    public int height() { return height; }

    /** The series' names, in the order added. */
    public List<String> seriesNames() { return series.stream().map(Series::name).toList(); }

    /** The x axis's name, "" when it has none. */
    public String xLabel() { return xLabel; }

    /** The y axis's name, "" when it has none. */
    public String yLabel() { return yLabel; }

    /** Whether the y axis is logarithmic. */
    public boolean isLogY() { return logY; }

    /** The series, in the order added: copies, so that the plot stays as it is. */
    public List<Series> series() {
        return series.stream().map(s -> new Series(s.name(), s.x().clone(), s.y().clone(), s.style())).toList();
    }

    /** A copy of an image plot's pixels, {@code [row][column]}; null for a plot of series. */
    public double[][] image() {
        if (image == null) return null;
        double[][] copy = new double[image.length][];
        for (int r = 0; r < image.length; r++) copy[r] = image[r].clone();
        return copy;
    }

    /**
     * Draws the plot to {@code file}, as PNG or SVG by its extension ({@code .png}, {@code .svg}),
     * creating its folder; the file is replaced whole.
     */
    public void save(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean png = name.endsWith(".png");
        if (!png && !name.endsWith(".svg")) {
            throw new IllegalArgumentException(where() + ": cannot tell the format of " + file
                    + ": expected a file name ending in .png or .svg");
        }
        Chart<?, ?> chart = chart();
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        AtomicFile.write(file, out -> {
            if (png) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            } else {
                out.write(svg(chart).getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    /**
     * XChart draws every letter as a path, so the SVG alone names nothing: a title and a description
     * (the axes and the series) go in as its first elements, for screen readers, search and tests.
     */
    private String svg(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        String svg = bytes.toString(StandardCharsets.UTF_8);
        int root = svg.indexOf("<svg");
        int open = root < 0 ? -1 : svg.indexOf('>', root);
        if (open < 0) throw new IOException(where() + ": XChart wrote no <svg> element");
        String desc = kind.name().toLowerCase(Locale.ROOT) + " plot"
                + (xLabel.isEmpty() ? "" : "; x: " + xLabel) + (yLabel.isEmpty() ? "" : "; y: " + yLabel)
                + (kind == Kind.IMAGE ? "; " + image.length + " × " + image[0].length + " pixels"
                        : "; series: " + String.join(", ", seriesNames()));
        return svg.substring(0, open + 1) + "\n  <title>" + xml(title) + "</title>\n  <desc>" + xml(desc) + "</desc>"
                + svg.substring(open + 1);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        return "Plot(" + kind.name().toLowerCase(Locale.ROOT) + " '" + title + "', " + width + " × " + height
                + (kind == Kind.IMAGE ? "" : ", series " + seriesNames()) + ")";
    }

    // ------------------------------------------------------------------ checks

    private Plot add(String name, double[] x, double[] y, Style style) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(where() + ": a series needs a name, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (seriesNames().contains(name)) {
            throw new IllegalArgumentException(where() + ": there is already a series named '" + name + "'");
        }
        String s = where() + ": series '" + name + "'";
        if (x == null || y == null) throw new IllegalArgumentException(s + " has no " + (x == null ? "x" : "y") + " values (null)");
        if (x.length != y.length) {
            throw new IllegalArgumentException(s + " has " + x.length + " x values but " + y.length
                    + " y values: expected as many of each");
        }
        if (x.length == 0) throw new IllegalArgumentException(s + " is empty: expected at least 1 point");
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException(s + " has a non-finite point at index " + i + ": (" + x[i] + ", "
                        + y[i] + "): expected finite values");
            }
        }
        series.add(new Series(name, x.clone(), y.clone(), style));
        return this;
    }

    private void requireKind(Kind expected, String what) {
        if (kind != expected) {
            throw new IllegalArgumentException(where() + ": " + what + " needs a " + expected.name().toLowerCase(Locale.ROOT)
                    + " plot, this is a " + kind.name().toLowerCase(Locale.ROOT) + " plot");
        }
    }

    private String where() { return "Plot '" + title + "'"; }

    // ------------------------------------------------------------------ drawing

    private Chart<?, ?> chart() {
        if (kind != Kind.IMAGE && series.isEmpty()) {
            throw new IllegalStateException(where() + " has no series to draw");
        }
        return switch (kind) {
            case XY -> xyChart();
            case BAR -> barChart();
            case IMAGE -> imageChart();
        };
    }

    XYChart xyChart() {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            Series drawable = logY ? positiveOnly(s) : s;
            if (drawable.x().length == 0) continue;
            XYSeries xs = c.addSeries(s.name(), drawable.x(), drawable.y());
            if (s.style() == Style.SCATTER) {
                xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                xs.setMarker(SeriesMarkers.CIRCLE);
            } else {
                xs.setMarker(SeriesMarkers.NONE);
            }
        }
        double start = evenStart(c);
        if (!Double.isNaN(start)) c.getStyler().setXAxisMin(start);
        return c;
    }

    /**
     * XChart labels x values that are evenly spaced (1, 2, …, 2000: any trace) at every k-th value, 1, 101,
     * 201, …, which run into each other once they are long; only when the axis bounds break the even spacing
     * does it take its own round steps (0, 250, 500, …). So for such data the axis starts half a spacing
     * before the first value (at least XChart's evenness tolerance, 1e-4). NaN when the values are uneven.
     */
    static double evenStart(XYChart c) {
        // XChart's test: the distinct values, its lower bound first and its upper bound last, step evenly.
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        Set<Double> values = new LinkedHashSet<>();
        for (XYSeries s : c.getSeriesMap().values()) {
            for (double x : s.getXData()) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        values.add(lo);
        for (XYSeries s : c.getSeriesMap().values()) for (double x : s.getXData()) values.add(x);
        values.add(hi);
        if (values.size() < 2 || !(hi - lo > 1e-4)) return Double.NaN;
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double spacing = v[1] - v[0];
        for (int i = 2; i < v.length; i++) if (Math.abs(v[i] - v[i - 1] - spacing) >= 1e-4) return Double.NaN;
        return lo - Math.max(Math.abs(spacing) / 2, 2e-4);
    }

    /** A log axis cannot show y <= 0 (a cost of exactly 0, say): such points are left out of the plot. */
    private static Series positiveOnly(Series s) {
        int n = 0;
        for (double y : s.y()) if (y > 0) n++;
        if (n == s.y().length) return s;
        double[] x = new double[n], y = new double[n];
        for (int i = 0, j = 0; i < s.y().length; i++) {
            if (s.y()[i] > 0) {
                x[j] = s.x()[i];
                y[j++] = s.y()[i];
            }
        }
        return new Series(s.name(), x, y, s.style());
    }

    private CategoryChart barChart() {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        c.getStyler().setLegendVisible(series.size() > 1);
        for (Series s : series) {
            List<Number> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                xs.add(s.x()[i] == Math.rint(s.x()[i]) ? (Number) (int) s.x()[i] : s.x()[i]);
                ys.add(s.y()[i]);
            }
            c.addSeries(s.name(), xs, ys);
        }
        return c;
    }

    private HeatMapChart imageChart() {
        int rows = image.length, cols = image[0].length;
        HeatMapChart c = new HeatMapChartBuilder().width(width).height(height).title(title).build();
        c.getStyler().setRangeColors(new Color[]{Color.WHITE, Color.BLACK});
        c.getStyler().setLegendVisible(false);
        c.getStyler().setShowValue(false);
        List<Integer> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int i = 0; i < cols; i++) xs.add(i);
        for (int i = 0; i < rows; i++) ys.add(i);
        List<Number[]> heat = new ArrayList<>();
        // The chart's y axis points up; flip rows so the image is upright.
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) heat.add(new Number[]{col, rows - 1 - r, image[r][col]});
        }
        c.addSeries("pixels", xs, ys, heat);
        return c;
    }
}
