package io.topowatch.spectrum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The classifier's 81 element channels and each channel's 200-point energy window, read from the versioned
 * resource {@value #RESOURCE}.
 *
 * <p>The seed paper treats each absorbing element as its own channel, resampled at 200 evenly spaced
 * energies. Our 81 channels are Li to Bi without the noble gases (77) plus the light actinides Ac, Th,
 * Pa and U, which cover every element of the topological-label data except noble gases and a handful
 * of rare heavy ones. The window runs from 30 eV below to 70 eV above the tabulated K edge: the XANES
 * region, with room for chemical shifts and ±1 eV calibration offsets. A model records the channel
 * version it was trained with; changing any row of the table makes a new version.
 */
public final class ElementChannels {

    public static final String VERSION = "element-channels-v1";
    public static final String RESOURCE = "spectrum/" + VERSION + ".csv";
    public static final int CHANNELS = 81;
    public static final int POINTS = 200;
    public static final double WINDOW_BELOW_EDGE_EV = 30.0;
    public static final double WINDOW_ABOVE_EDGE_EV = 70.0;

    /** One row of the channel table. */
    public record Channel(int index, String symbol, int z, double kEdgeEv, EnergyWindow window) {}

    private static final List<Channel> CHANNEL_LIST = load();

    private static final Map<String, Channel> BY_SYMBOL =
            CHANNEL_LIST.stream().collect(Collectors.toUnmodifiableMap(Channel::symbol, c -> c));

    private ElementChannels() {}

    /** The channel of an element, or empty when the classifier has no channel for it. */
    public static OptionalInt indexOf(String symbol) {
        Channel c = symbol == null ? null : BY_SYMBOL.get(symbol);
        return c == null ? OptionalInt.empty() : OptionalInt.of(c.index());
    }

    /** The element symbol of channel {@code index}. */
    public static String symbol(int index) {
        return CHANNEL_LIST.get(index).symbol();
    }

    /** All channel symbols in channel order. */
    public static List<String> symbols() {
        return CHANNEL_LIST.stream().map(Channel::symbol).toList();
    }

    /** Every channel in order. */
    public static List<Channel> channels() {
        return CHANNEL_LIST;
    }

    /** The 200-point K-edge window of an element that has a channel. */
    public static EnergyWindow window(String symbol) {
        Channel c = symbol == null ? null : BY_SYMBOL.get(symbol);
        if (c == null) {
            throw new IllegalArgumentException("no classifier channel for element '" + symbol + "'");
        }
        return c.window();
    }

    private static List<Channel> load() {
        try (InputStream in = ElementChannels.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> rows = reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            if (!rows.get(0).equals("symbol,z,k_edge_ev,window_start_ev,window_end_ev,points")) {
                throw new IllegalStateException(RESOURCE + ": unexpected header '" + rows.get(0) + "'");
            }
            List<Channel> channels = new ArrayList<>();
            IntStream.range(1, rows.size()).forEach(i -> {
                String[] f = rows.get(i).split(",");
                if (f.length != 6) {
                    throw new IllegalStateException(RESOURCE + ": row " + i + " has " + f.length + " fields, expected 6");
                }
                channels.add(new Channel(channels.size(), f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                        EnergyWindow.of(Double.parseDouble(f[3]), Double.parseDouble(f[4]), Integer.parseInt(f[5]))));
            });
            if (channels.size() != CHANNELS) {
                throw new IllegalStateException(RESOURCE + " has " + channels.size() + " channels, expected " + CHANNELS);
            }
            return List.copyOf(channels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
