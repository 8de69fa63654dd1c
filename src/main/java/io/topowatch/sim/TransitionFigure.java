package io.topowatch.sim;

import io.topowatch.spectrum.Elements;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Renders the documentation figure: noise-free Ge K-edge spectra of the demo's GeTe sample across its band
 * inversion at {@link DemoScenario#CROSSING_FIELD_T} (left), and the QWZ gap and Chern number along the
 * sweep (right). Java2D only, headless; the same arguments give the same PNG.
 */
public final class TransitionFigure {

    private static final int WIDTH = 1200;
    private static final int HEIGHT = 560;
    private static final Color TRIVIAL = new Color(40, 90, 200);
    private static final Color TOPOLOGICAL = new Color(210, 50, 40);

    private TransitionFigure() {}

    /** Writes the figure as PNG to {@code out}, with {@code curves} field setpoints from 0 to 9 T. */
    public static void write(Path out, int curves) throws IOException {
        if (curves < 2) {
            throw new IllegalArgumentException("need at least 2 curves, got " + curves);
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = render(curves);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ImageIO.write(image, "png", out.toFile());
    }

    static BufferedImage render(int curves) {
        SimulatedSample sample = DemoScenario.experiment("figure", 0).samples().stream()
                .filter(s -> s.name().equals(DemoScenario.CROSSING_SAMPLE)).findFirst().orElseThrow();
        Elements.Element ge = Elements.bySymbol("Ge").orElseThrow();
        double from = ge.kEdgeEv() - 20;
        double to = ge.kEdgeEv() + 30;
        double[] energy = new double[400];
        for (int i = 0; i < energy.length; i++) {
            energy[i] = from + (to - from) * i / (energy.length - 1);
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));

        // Left: spectra, offset upwards with the field.
        int lx = 80;
        int ly = 50;
        int lw = 600;
        int lh = 440;
        double offset = 0.35;
        double yMax = 2.4 + offset * (curves - 1);
        axes(g, lx, ly, lw, lh, String.format(Locale.ROOT, "E − E0(Ge K, %.0f eV)  [eV]", ge.kEdgeEv()),
                "mu (offset by field)");
        for (int t = -20; t <= 30; t += 10) {
            int x = lx + (int) Math.round(lw * (t + 20) / 50.0);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, ly + lh, x, ly + lh + 5);
            g.drawString(Integer.toString(t), x - 8, ly + lh + 20);
        }
        for (int c = 0; c < curves; c++) {
            double field = 9.0 * c / (curves - 1);
            QwzModel bands = sample.state().bands(field, 0);
            double[] mu = SpectrumSynthesizer.mu(energy, ge, 0, bands, sample.coupling().get("Ge"));
            boolean topological = bands.chernNumber(24) != 0;
            Path2D.Double line = new Path2D.Double();
            for (int i = 0; i < energy.length; i++) {
                double x = lx + lw * (energy[i] - from) / (to - from);
                double y = ly + lh - lh * Math.min(yMax, mu[i] + offset * c) / yMax;
                if (i == 0) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
            }
            g.setColor(topological ? TOPOLOGICAL : TRIVIAL);
            g.setStroke(new BasicStroke(1.6f));
            g.draw(line);
            g.drawString(String.format(Locale.ROOT, "%.1f T", field), lx + lw - 48,
                    (int) (ly + lh - lh * (mu[energy.length - 1] + offset * c) / yMax) - 3);
        }
        g.setColor(Color.BLACK);
        g.drawString("GeTe-1 (demo): Ge K edge, 0 → 9 T; pre-edge peak grows once the bands invert", lx, ly - 20);
        legend(g, lx + 10, ly + 15);

        // Right: gap and Chern number along the sweep.
        int rx = 780;
        int ry = 50;
        int rw = 380;
        int rh = 440;
        axes(g, rx, ry, rw, rh, "B [T]", "gap [t]  /  |C|");
        double gapMax = 1.2;
        Path2D.Double gapLine = new Path2D.Double();
        for (int i = 0; i <= 90; i++) {
            double field = 9.0 * i / 90;
            double gap = sample.state().bands(field, 0).gap(120);
            double x = rx + rw * field / 9.0;
            double y = ry + rh - rh * Math.min(gap, gapMax) / gapMax;
            if (i == 0) {
                gapLine.moveTo(x, y);
            } else {
                gapLine.lineTo(x, y);
            }
        }
        g.setStroke(new BasicStroke(2f));
        g.setColor(Color.BLACK);
        g.draw(gapLine);
        for (int i = 0; i < 19; i++) {
            double field = 9.0 * i / 18;
            int chern = Math.abs(sample.state().bands(field, 0).chernNumber(24));
            int x = (int) Math.round(rx + rw * field / 9.0);
            int y = (int) Math.round(ry + rh - rh * chern / gapMax);
            g.setColor(chern != 0 ? TOPOLOGICAL : TRIVIAL);
            g.fillRect(x - 4, y - 4, 8, 8);
        }
        int xc = (int) Math.round(rx + rw * DemoScenario.CROSSING_FIELD_T / 9.0);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {5f, 5f}, 0f));
        g.drawLine(xc, ry, xc, ry + rh);
        g.drawString(String.format(Locale.ROOT, "B_c = %.2f T", DemoScenario.CROSSING_FIELD_T), xc + 5, ry + 15);
        for (int t = 0; t <= 9; t += 3) {
            int x = rx + (int) Math.round(rw * t / 9.0);
            g.setColor(Color.DARK_GRAY);
            g.drawLine(x, ry + rh, x, ry + rh + 5);
            g.drawString(Integer.toString(t), x - 4, ry + rh + 20);
        }
        g.setColor(Color.BLACK);
        g.drawString("line: band gap 2·min|d(k)|;  squares: |Chern| (FHS)", rx, ry - 20);
        g.dispose();
        return image;
    }

    private static void axes(Graphics2D g, int x, int y, int w, int h, String xLabel, String yLabel) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(x, y, w, h);
        g.drawString(xLabel, x + w / 2 - 60, y + h + 42);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(yLabel, -(y + h / 2 + 60), x - 20);
        r.dispose();
    }

    private static void legend(Graphics2D g, int x, int y) {
        g.setColor(TRIVIAL);
        g.fillRect(x, y, 14, 4);
        g.drawString("trivial (C = 0)", x + 20, y + 6);
        g.setColor(TOPOLOGICAL);
        g.fillRect(x, y + 20, 14, 4);
        g.drawString("topological (|C| = 1)", x + 20, y + 26);
    }
}
