package io.topowatch.spectrum;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The classifier's 81 element channels and each channel's 200-point energy window.
 *
 * <p>The seed paper treats each absorbing element as its own channel, resampled at 200 evenly spaced
 * energies. Our 81 channels are Li to Bi without the noble gases (77) plus the light actinides Ac, Th,
 * Pa and U, which cover every element of the topological-label data except noble gases and a handful
 * of rare heavy ones. The window runs from 30 eV below to 70 eV above the tabulated K edge: the XANES
 * region, with room for chemical shifts and ±1 eV calibration offsets.
 */
public final class ElementChannels {

    public static final int CHANNELS = 81;
    public static final int POINTS = 200;
    public static final double WINDOW_BELOW_EDGE_EV = 30.0;
    public static final double WINDOW_ABOVE_EDGE_EV = 70.0;

    private static final List<String> NOBLE_GASES = List.of("Ne", "Ar", "Kr", "Xe", "Rn");

    private static final List<Elements.Element> CHANNEL_ELEMENTS = Elements.all().stream()
            .filter(e -> (e.z() >= 3 && e.z() <= 83 && !NOBLE_GASES.contains(e.symbol()))
                    || (e.z() >= 89 && e.z() <= 92))
            .toList();

    private static final Map<String, Integer> INDEX = IntStream.range(0, CHANNEL_ELEMENTS.size()).boxed()
            .collect(Collectors.toUnmodifiableMap(i -> CHANNEL_ELEMENTS.get(i).symbol(), i -> i));

    static {
        if (CHANNEL_ELEMENTS.size() != CHANNELS) {
            throw new IllegalStateException("channel table has " + CHANNEL_ELEMENTS.size() + " elements");
        }
    }

    private ElementChannels() {}

    /** The channel of an element, or empty when the classifier has no channel for it. */
    public static OptionalInt indexOf(String symbol) {
        Integer i = INDEX.get(symbol);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** The element symbol of channel {@code index}. */
    public static String symbol(int index) {
        return CHANNEL_ELEMENTS.get(index).symbol();
    }

    /** All channel symbols in channel order. */
    public static List<String> symbols() {
        return CHANNEL_ELEMENTS.stream().map(Elements.Element::symbol).toList();
    }

    /** The 200-point K-edge window of an element that has a channel. */
    public static EnergyWindow window(String symbol) {
        if (!INDEX.containsKey(symbol)) {
            throw new IllegalArgumentException("no classifier channel for element '" + symbol + "'");
        }
        double edge = Elements.bySymbol(symbol).orElseThrow().kEdgeEv();
        return EnergyWindow.of(edge - WINDOW_BELOW_EDGE_EV, edge + WINDOW_ABOVE_EDGE_EV, POINTS);
    }
}
