package io.topowatch.spectrum;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One sample as the classifier sees it: the 81-channel × 200-point normalised-absorption tensor (zero in
 * the channels of absent elements) and the sample's space group.
 *
 * @param values     row-major {@code [channel][point]}, length {@link ElementChannels#CHANNELS} ×
 *                   {@link ElementChannels#POINTS}
 * @param present    which channels hold a measured spectrum
 * @param spaceGroup International Tables number, 1..230
 */
public record SampleTensor(float[] values, boolean[] present, int spaceGroup) {

    public static final int SIZE = ElementChannels.CHANNELS * ElementChannels.POINTS;

    public SampleTensor {
        if (values.length != SIZE || present.length != ElementChannels.CHANNELS) {
            throw new IllegalArgumentException("tensor must be " + ElementChannels.CHANNELS + " x "
                    + ElementChannels.POINTS);
        }
        SymmetryEncoding.requireValid(spaceGroup);
    }

    /**
     * Assembles a tensor from each element's resampled window.
     *
     * @param spectra element symbol → its {@link ElementChannels#POINTS} normalised values
     */
    public static SampleTensor assemble(Map<String, float[]> spectra, int spaceGroup) {
        float[] values = new float[SIZE];
        boolean[] present = new boolean[ElementChannels.CHANNELS];
        spectra.forEach((element, window) -> {
            int channel = ElementChannels.indexOf(element).orElseThrow(() ->
                    new IllegalArgumentException("no classifier channel for element '" + element + "'"));
            if (window.length != ElementChannels.POINTS) {
                throw new IllegalArgumentException("element " + element + " has " + window.length
                        + " points, expected " + ElementChannels.POINTS);
            }
            System.arraycopy(window, 0, values, channel * ElementChannels.POINTS, ElementChannels.POINTS);
            present[channel] = true;
        });
        return new SampleTensor(values, present, spaceGroup);
    }

    /** The values of one channel (a copy). */
    public float[] channel(int index) {
        int from = index * ElementChannels.POINTS;
        return Arrays.copyOfRange(values, from, from + ElementChannels.POINTS);
    }

    /** Symbols of the present channels, sorted. */
    public SortedMap<String, Integer> presentElements() {
        SortedMap<String, Integer> m = new TreeMap<>();
        for (int c = 0; c < present.length; c++) {
            if (present[c]) {
                m.put(ElementChannels.symbol(c), c);
            }
        }
        return Collections.unmodifiableSortedMap(m);
    }
}
