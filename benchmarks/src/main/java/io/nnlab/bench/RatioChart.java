package io.nnlab.bench;

import io.nnlab.tensor.io.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A bar chart of SIMD/scalar speed-ups, one bar per configuration, as a PNG. */
final class RatioChart {
    private RatioChart() {}

    static void write(List<BenchmarkReport.Ratio> ratios, Path png) throws IOException {
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("no configuration was run with both backends: nothing to chart in " + png);
        }
        int width = Math.max(800, 40 * ratios.size() + 200);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(700)
                .title("nnlab: SIMD speed-up over scalar (JMH means)").xAxisTitle("").yAxisTitle("SIMD / scalar").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(75);
        chart.getStyler().setLabelsVisible(false); // the table has the numbers; XChart prints them unrounded
        List<String> labels = ratios.stream().map(RatioChart::shortLabel).toList();
        List<Double> values = ratios.stream().map(BenchmarkReport.Ratio::speedup).toList();
        chart.addSeries("SIMD/scalar", labels, values);
        AtomicFile.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** "GemmBenchmark.square" with its parameters, without the words every label shares. */
    static String shortLabel(BenchmarkReport.Ratio r) {
        String name = r.benchmark().replace("Benchmark", "");
        StringBuilder s = new StringBuilder(name);
        r.params().forEach((k, v) -> s.append(' ').append(k.equals("dtype") ? v.replace("float", "f") : k + "=" + v));
        return s.toString();
    }
}
