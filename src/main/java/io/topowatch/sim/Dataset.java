package io.topowatch.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.topowatch.spectrum.ElementChannels;
import io.topowatch.spectrum.SampleTensor;
import io.topowatch.train.Formulas;
import io.topowatch.train.LabelledSample;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A labelled training set on disk, written by {@code topowatch dataset} and read by
 * {@code topowatch train --dataset}. Format {@value #FORMAT}:
 * <ul>
 *   <li>{@code manifest.json}: format, simulator version, seed, material count, coupling (null when drawn
 *       per element, 0.5..1), near-critical share (null when none), channels and points, and per split its file and counts per class;</li>
 *   <li>{@code train.jsonl}, {@code validation.jsonl}, {@code test.jsonl}: one sample per line,
 *       {@code {"id", "formula", "spaceGroup", "labelSet", "topological", "m0", ["nearCritical": true,]
 *       "coupling": {el: c},
 *       "spectra": {el: base64}}}, each spectrum the element's {@value ElementChannels#POINTS} normalised
 *       values on its channel window ({@link ElementChannels#window}) as little-endian float32.</li>
 * </ul>
 * Samples are those of {@link TrainingData#generate} (one noisy zero-field scan per element, preprocessed
 * as the stream does). Splits go by composition (80/10/10 by a seeded hash of the formula), so a formula
 * never sits in two splits. The same seed gives byte-identical files.
 */
public final class Dataset {

    public static final String FORMAT = "topowatch.dataset/1";
    public static final List<String> SPLITS = List.of("train", "validation", "test");
    public static final String MANIFEST = "manifest.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectMapper LINES = new ObjectMapper();

    /** Per-split counts. */
    public record SplitCounts(String file, int count, int topological, int trivial) {}

    /** The contents of {@code manifest.json}. */
    public record Manifest(String format, String simulatorVersion, long seed, int materials, Double coupling,
            Double nearCritical, int channels, int points, Map<String, SplitCounts> splits) {}

    private Dataset() {}

    /**
     * Simulates {@code materials} labelled samples and writes them under {@code dir}.
     *
     * @param coupling every absorber's coupling to the topological bands (0 = spectra carry no topological
     *                 information), or null to draw it per element as {@link TrainingData} does
     */
    public static Manifest write(Path dir, int materials, long seed, Double coupling) throws IOException {
        return write(dir, materials, seed, coupling, 0);
    }

    /**
     * As {@link #write(Path, int, long, Double)}, with about {@code nearCritical} (0..1) of the samples
     * near-critical ({@link TrainingData}: mass near the gap closing, labelled by the exact invariant).
     */
    public static Manifest write(Path dir, int materials, long seed, Double coupling, double nearCritical)
            throws IOException {
        if (materials < 1) {
            throw new IllegalArgumentException("materials must be at least 1, got " + materials);
        }
        List<TrainingData.Drawn> drawn = TrainingData.drawAll(materials, seed, coupling, nearCritical);
        Files.createDirectories(dir);
        Map<String, SplitCounts> counts = new LinkedHashMap<>();
        for (String split : SPLITS) {
            int n = 0;
            int topological = 0;
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(split + ".jsonl"), StandardCharsets.UTF_8)) {
                for (TrainingData.Drawn d : drawn) {
                    if (split(d.material().formula(), seed).equals(split)) {
                        out.write(LINES.writeValueAsString(line(d)));
                        out.write('\n');
                        n++;
                        topological += d.sample().topological() ? 1 : 0;
                    }
                }
            }
            counts.put(split, new SplitCounts(split + ".jsonl", n, topological, n - topological));
        }
        Manifest manifest = new Manifest(FORMAT, Simulator.VERSION, seed, materials, coupling,
                nearCritical > 0 ? nearCritical : null, ElementChannels.CHANNELS, ElementChannels.POINTS, counts);
        Files.writeString(dir.resolve(MANIFEST), MAPPER.writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);
        return manifest;
    }

    public static Manifest manifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("not a dataset: no " + MANIFEST + " in " + dir);
        }
        Manifest m = MAPPER.readValue(file.toFile(), Manifest.class);
        if (!FORMAT.equals(m.format())) {
            throw new IllegalArgumentException("unsupported dataset format '" + m.format() + "', expected " + FORMAT);
        }
        return m;
    }

    /** The samples of one split, in file order. */
    public static List<LabelledSample> read(Path dir, String split) throws IOException {
        Manifest m = manifest(dir);
        SplitCounts counts = m.splits().get(split);
        if (counts == null) {
            throw new IllegalArgumentException("dataset has no split '" + split + "', only " + m.splits().keySet());
        }
        List<LabelledSample> samples = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dir.resolve(counts.file()), StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                if (!text.isBlank()) {
                    samples.add(sample(LINES.readTree(text)));
                }
            }
        }
        if (samples.size() != counts.count()) {
            throw new IllegalStateException(counts.file() + " holds " + samples.size() + " samples, manifest says "
                    + counts.count());
        }
        return samples;
    }

    /** The split of a composition: a seeded hash, so all samples of a formula share a split. */
    static String split(String formula, long seed) {
        double u = new SplittableRandom(seed * 31 + formula.hashCode()).nextDouble();
        return u < 0.8 ? "train" : u < 0.9 ? "validation" : "test";
    }

    private static ObjectNode line(TrainingData.Drawn d) {
        ObjectNode node = LINES.createObjectNode();
        node.put("id", d.sample().id());
        node.put("formula", d.material().formula());
        node.put("spaceGroup", d.material().spaceGroup());
        node.put("labelSet", d.material().labelSet());
        node.put("topological", d.sample().topological());
        node.put("m0", d.m0());
        if (d.nearCritical()) {
            node.put("nearCritical", true);
        }
        ObjectNode coupling = node.putObject("coupling");
        d.coupling().forEach(coupling::put);
        ObjectNode spectra = node.putObject("spectra");
        d.sample().tensor().presentElements().forEach((element, channel) ->
                spectra.put(element, encode(d.sample().tensor().channel(channel))));
        return node;
    }

    private static LabelledSample sample(JsonNode node) {
        Map<String, float[]> spectra = new TreeMap<>();
        node.get("spectra").fields().forEachRemaining(e -> spectra.put(e.getKey(), decode(e.getValue().asText())));
        return new LabelledSample(node.get("id").asText(),
                SampleTensor.assemble(spectra, node.get("spaceGroup").asInt()), node.get("topological").asBoolean(),
                node.hasNonNull("formula") ? Formulas.reduced(node.get("formula").asText()) : null);
    }

    static String encode(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] decode(String base64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[b.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = b.getFloat();
        }
        return values;
    }
}
