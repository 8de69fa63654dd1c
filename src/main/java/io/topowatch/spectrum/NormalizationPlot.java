package io.topowatch.spectrum;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Renders a normalisation as Athena shows it: mu with the pre- and post-edge lines above, norm below. */
public final class NormalizationPlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 700;

    private NormalizationPlot() {}

    public static void writePng(PreEdgeResult r, String title, File out) throws IOException {
        XYSeriesCollection upper = new XYSeriesCollection();
        upper.addSeries(series("mu", r.energy(), r.mu()));
        upper.addSeries(series("pre-edge line", r.energy(), r.preEdge()));
        upper.addSeries(series("post-edge (degree " + r.nnorm() + ")", r.energy(), r.postEdge()));
        XYSeriesCollection lower = new XYSeriesCollection();
        lower.addSeries(series("norm", r.energy(), r.norm()));
        lower.addSeries(series("flat", r.energy(), r.flat()));

        NumberAxis energy = new NumberAxis("energy (eV)");
        energy.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(energy);
        plot.add(subplot(upper, "mu(E)", new Color[] {Color.BLACK, new Color(30, 110, 200), new Color(200, 60, 40)}),
                3);
        plot.add(subplot(lower, "normalised", new Color[] {new Color(110, 40, 170), new Color(40, 150, 90)}), 2);
        for (Object sub : plot.getSubplots()) {
            ValueMarker e0 = new ValueMarker(r.e0(), Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
            ((XYPlot) sub).addDomainMarker(e0);
        }
        JFreeChart chart = new JFreeChart(String.format("%s   e0 = %.2f eV, edge step = %.4g", title, r.e0(),
                r.edgeStep()), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(out, chart, WIDTH, HEIGHT);
    }

    private static XYSeries series(String name, double[] x, double[] y) {
        XYSeries s = new XYSeries(name, false, true);
        for (int i = 0; i < x.length; i++) {
            s.add(x[i], y[i]);
        }
        return s;
    }

    private static XYPlot subplot(XYSeriesCollection data, String yLabel, Color[] colors) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
            renderer.setSeriesStroke(i, new BasicStroke(i == 0 ? 1.8f : 1.2f));
        }
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(225, 225, 225));
        plot.setRangeGridlinePaint(new Color(225, 225, 225));
        return plot;
    }
}
