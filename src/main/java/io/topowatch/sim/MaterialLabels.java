package io.topowatch.sim;

import io.topowatch.spectrum.ElementChannels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topological labels of about 10,800 real materials (space group, reduced formula) from the
 * Topological Materials Arsenal via the MIT-licensed topogivity repository, shipped under
 * {@code sim/tqc-labels/}. case1 = trivial; ti, tci, case3 = topological.
 */
public final class MaterialLabels {

    private static final String FOLDER = "sim/tqc-labels/";
    private static final String[] TRIVIAL = {"case1_ccmp.txt"};
    private static final String[] TOPOLOGICAL = {"ti_ccmp.txt", "tci_ccmp.txt", "case3_ccmp.txt"};
    private static final Pattern ELEMENT = Pattern.compile("([A-Z][a-z]?)(\\d*)");

    private MaterialLabels() {}

    /**
     * Every labelled material whose elements all have classifier channels (materials with noble gases or
     * heavy actinides are left out), in file order.
     */
    public static List<Material> load() {
        List<Material> all = new ArrayList<>();
        for (String f : TRIVIAL) {
            read(f, false, all);
        }
        for (String f : TOPOLOGICAL) {
            read(f, true, all);
        }
        return List.copyOf(all);
    }

    /** The elements of a reduced formula such as "Bi2Se3", in order of appearance. */
    public static List<String> elementsOf(String formula) {
        Matcher m = ELEMENT.matcher(formula);
        Set<String> elements = new LinkedHashSet<>();
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("not a reduced formula: '" + formula + "'");
            }
            elements.add(m.group(1));
            end = m.end();
        }
        if (end != formula.length() || elements.isEmpty()) {
            throw new IllegalArgumentException("not a reduced formula: '" + formula + "'");
        }
        return List.copyOf(elements);
    }

    private static void read(String file, boolean topological, List<Material> out) {
        String label = file.substring(0, file.indexOf('_'));
        try (InputStream in = MaterialLabels.class.getClassLoader().getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + FOLDER + file);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(",");
                if (parts.length != 2) {
                    throw new IllegalStateException(FOLDER + file + " line " + number
                            + ": expected 'space_group, formula', got '" + line + "'");
                }
                int spaceGroup = Integer.parseInt(parts[0].trim());
                String formula = parts[1].trim();
                List<String> elements = elementsOf(formula);
                if (elements.stream().allMatch(e -> ElementChannels.indexOf(e).isPresent())) {
                    out.add(new Material(formula, elements, spaceGroup, topological, label));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
