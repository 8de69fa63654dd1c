package io.topowatch.train.source;

import io.topowatch.sim.QwzModel;
import io.topowatch.sim.ScanGenerator;
import io.topowatch.sim.SpectrumSynthesizer;
import io.topowatch.spectrum.Elements;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Small training-data files built from noise-free simulated K-edge spectra. */
final class Fixtures {

    private Fixtures() {}

    /** A noise-free K-edge spectrum of {@code element} for band mass {@code mass}: {energies, mu}. */
    static double[][] spectrum(String element, double mass) {
        Elements.Element e = Elements.bySymbol(element).orElseThrow();
        double[] energy = ScanGenerator.energyGrid(e.kEdgeEv());
        return new double[][] {energy, SpectrumSynthesizer.mu(energy, e, 0, new QwzModel(mass), 0.8)};
    }

    static String list(double[] values, String separator) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.6g", v))
                .collect(Collectors.joining(separator));
    }

    /** A Materials Project XAS document. */
    static String mpDocument(String id, String formula, String element, String edge, Integer spaceGroup,
            double mass) {
        double[][] s = spectrum(element, mass);
        String symmetry = spaceGroup == null ? "" : "\"symmetry\": {\"number\": " + spaceGroup + "},";
        return "{\"material_id\": \"" + id + "\", \"formula_pretty\": \"" + formula + "\", \"absorbing_element\": \""
                + element + "\", \"edge\": \"" + edge + "\", \"spectrum_type\": \"XANES\", " + symmetry
                + "\"spectrum\": {\"x\": [" + list(s[0], ", ") + "], \"y\": [" + list(s[1], ", ") + "]}}";
    }
}
