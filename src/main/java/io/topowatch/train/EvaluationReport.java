package io.topowatch.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes an {@link Evaluation} as {@code metrics.json}, {@code roc.png}, {@code calibration.png} and a
 * self-contained {@code report.html} that shows them with the class and per-element tables.
 */
public final class EvaluationReport {

    public static final String METRICS_JSON = "metrics.json";
    public static final String REPORT_HTML = "report.html";
    private static final int WIDTH = 560;
    private static final int HEIGHT = 420;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private EvaluationReport() {}

    /** The figures a caller reports as one JSON object: n, auc, threshold, both classes, ECE, confusion. */
    public static Map<String, Object> summary(Evaluation e, String model, String dataset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("dataset", dataset);
        m.put("n", e.n());
        m.put("auc", e.auc());
        m.put("threshold", e.threshold());
        m.put("optimalThreshold", e.optimalThreshold());
        m.put("topological", e.topological());
        m.put("trivial", e.trivial());
        m.put("expectedCalibrationError", e.expectedCalibrationError());
        m.put("confusion", e.confusion());
        return m;
    }

    public static String summaryJson(Evaluation e, String model, String dataset) throws IOException {
        return JsonMapper.builder().build().writeValueAsString(summary(e, model, dataset));
    }

    public static void write(Evaluation e, String model, String dataset, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> metrics = new LinkedHashMap<>(summary(e, model, dataset));
        metrics.put("roc", e.roc().stream().filter(p -> Double.isFinite(p.threshold())).toList());
        metrics.put("calibration", e.calibration());
        metrics.put("perElement", e.perElement());
        JSON.writeValue(dir.resolve(METRICS_JSON).toFile(), metrics);
        ChartUtils.saveChartAsPNG(dir.resolve("roc.png").toFile(), rocChart(e), WIDTH, HEIGHT);
        ChartUtils.saveChartAsPNG(dir.resolve("calibration.png").toFile(), calibrationChart(e), WIDTH, HEIGHT);
        Files.writeString(dir.resolve(REPORT_HTML), html(e, model, dataset), StandardCharsets.UTF_8);
    }

    static JFreeChart rocChart(Evaluation e) {
        XYSeries roc = new XYSeries(String.format(Locale.ROOT, "model (AUC %.3f)", e.auc()), false);
        e.roc().forEach(p -> roc.add(p.falsePositiveRate(), p.truePositiveRate()));
        XYSeries chance = new XYSeries("chance", false);
        chance.add(0, 0);
        chance.add(1, 1);
        XYSeriesCollection data = new XYSeriesCollection(roc);
        data.addSeries(chance);
        JFreeChart chart = ChartFactory.createXYLineChart("ROC", "false positive rate (trivial called topological)",
                "true positive rate (topological recall)", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart, false);
        return chart;
    }

    static JFreeChart calibrationChart(Evaluation e) {
        XYSeries observed = new XYSeries(String.format(Locale.ROOT, "model (ECE %.3f)", e.expectedCalibrationError()));
        e.calibration().stream().filter(b -> b.count() > 0)
                .forEach(b -> observed.add(b.meanProbability(), b.fractionTopological()));
        XYSeries ideal = new XYSeries("perfect calibration");
        ideal.add(0, 0);
        ideal.add(1, 1);
        XYSeriesCollection data = new XYSeriesCollection(observed);
        data.addSeries(ideal);
        JFreeChart chart = ChartFactory.createXYLineChart("Reliability", "mean predicted P(topological)",
                "observed fraction topological", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart, true);
        return chart;
    }

    private static void style(JFreeChart chart, boolean shapes) {
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
        renderer.setSeriesPaint(0, new Color(110, 40, 170));
        renderer.setSeriesStroke(0, new BasicStroke(2.2f));
        renderer.setSeriesPaint(1, Color.GRAY);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesStroke(1, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 6f}, 0f));
        plot.setRenderer(renderer);
    }

    static String html(Evaluation e, String model, String dataset) {
        StringBuilder rows = new StringBuilder();
        e.perElement().forEach((element, m) -> rows.append(String.format(Locale.ROOT,
                "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>%n",
                escape(element), m.samples(), m.topological().support(), m.topological().recall(),
                m.topological().precision(), m.topological().f1(), m.trivial().support(), m.trivial().recall(),
                m.trivial().precision(), m.trivial().f1())));
        Evaluation.Confusion c = e.confusion();
        return String.format(Locale.ROOT, """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>TopoWatch evaluation: %1$s</title>
                <style>
                 body{font-family:system-ui,sans-serif;margin:2rem;color:#1c2230;max-width:1200px}
                 table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #d0d5dd;padding:.3rem .6rem;text-align:right}
                 th{background:#f2f4f7}td:first-child,th:first-child{text-align:left}img{margin:.5rem 1rem .5rem 0;border:1px solid #e4e7ec}
                </style></head><body>
                <h1>Evaluation of %1$s</h1>
                <p>Data set: %2$s &middot; %3$d samples &middot; threshold %4$.2f &middot; AUC %5$.3f &middot;
                optimal threshold (max TPR&minus;FPR) %6$.3f &middot; expected calibration error %7$.3f</p>
                <h2>Classes</h2>
                <table><tr><th>class</th><th>support</th><th>recall</th><th>precision</th><th>F1</th></tr>
                <tr><td>topological</td><td>%8$d</td><td>%9$.3f</td><td>%10$.3f</td><td>%11$.3f</td></tr>
                <tr><td>trivial</td><td>%12$d</td><td>%13$.3f</td><td>%14$.3f</td><td>%15$.3f</td></tr></table>
                <h2>Confusion matrix</h2>
                <table><tr><th></th><th>called topological</th><th>called trivial</th></tr>
                <tr><td>topological</td><td>%16$d</td><td>%17$d</td></tr>
                <tr><td>trivial</td><td>%18$d</td><td>%19$d</td></tr></table>
                <h2>ROC and reliability</h2>
                <img src="roc.png" alt="ROC curve" width="560"><img src="calibration.png" alt="reliability curve" width="560">
                <h2>Per absorbing element</h2>
                <p>Each row: the samples that contain the element (the paper's periodic tables, Fig. 3 and S4).</p>
                <table><tr><th>element</th><th>samples</th><th>topological</th><th>recall</th><th>precision</th><th>F1</th>
                <th>trivial</th><th>recall</th><th>precision</th><th>F1</th></tr>
                %20$s</table>
                </body></html>
                """, escape(model), escape(dataset), e.n(), e.threshold(), e.auc(), e.optimalThreshold(),
                e.expectedCalibrationError(), e.topological().support(), e.topological().recall(),
                e.topological().precision(), e.topological().f1(), e.trivial().support(), e.trivial().recall(),
                e.trivial().precision(), e.trivial().f1(), c.truePositive(), c.falseNegative(), c.falsePositive(),
                c.trueNegative(), rows);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
