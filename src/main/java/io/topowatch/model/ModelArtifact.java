package io.topowatch.model;

import io.topowatch.spectrum.ElementChannels;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A trained TopoNet: everything needed to rebuild and run it, verifiable before use.
 *
 * <p>On disk it is a directory of three files:
 * <ul>
 *   <li>{@value #MODEL_JSON}: format tag, version, {@link TopoNetConfig}, {@link ChannelStandardizer}
 *       statistics, {@link ModelMetadata} and the name of the params file;</li>
 *   <li>{@value #PARAMS_FILE}: DJL's params file ({@code Model.save} format) of {@link TopoNetBlock};</li>
 *   <li>{@value #MANIFEST}: {@code sha256sum}-style lines ({@code <hex>  <file>}) for the two files above.</li>
 * </ul>
 * {@link #load} checks every file listed in the manifest (and that both required files are listed) before
 * it parses anything; a missing or altered file raises {@link ArtifactIntegrityException} naming it.
 * Files in the directory that the manifest does not list are ignored.
 *
 * <p>In memory the parameters are held as the params file's bytes, so an artifact is immutable and
 * {@link #newModel()} can be called any number of times.
 */
public final class ModelArtifact {

    public static final String MODEL_JSON = "model.json";
    public static final String MANIFEST = "manifest.sha256";
    /** DJL model name; DJL names the params file {@code <name>-<epoch>.params}. */
    public static final String MODEL_NAME = "topo-net";
    public static final String PARAMS_FILE = MODEL_NAME + "-0000.params";
    static final String FORMAT = "topowatch-model/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String version;
    private final TopoNetConfig config;
    private final ChannelStandardizer standardizer;
    private final ModelMetadata metadata;
    private final byte[] parameters;

    /**
     * @param parameters the bytes of a DJL params file saved from a {@link TopoNetBlock} built from
     *                   {@code config}
     */
    public ModelArtifact(String version, TopoNetConfig config, ChannelStandardizer standardizer,
            ModelMetadata metadata, byte[] parameters) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("model version must not be blank");
        }
        this.version = version;
        this.config = Objects.requireNonNull(config, "config");
        this.standardizer = Objects.requireNonNull(standardizer, "standardizer");
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.parameters = Objects.requireNonNull(parameters, "parameters").clone();
    }

    /** The same artifact with {@code extra} added to (or replacing entries of) its metadata metrics. */
    public ModelArtifact withMetrics(java.util.Map<String, Double> extra) {
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>(metadata.metrics());
        metrics.putAll(extra);
        return new ModelArtifact(version, config, standardizer,
                new ModelMetadata(metadata.createdAt(), metadata.seed(), metadata.trainingDataHash(), metrics),
                parameters);
    }

    /**
     * Captures the current parameters of a model whose block is an initialised {@link TopoNetBlock} built
     * from {@code config}.
     */
    public static ModelArtifact fromModel(String version, TopoNetConfig config, ChannelStandardizer standardizer,
            ModelMetadata metadata, Model model) throws IOException {
        if (!(model.getBlock() instanceof TopoNetBlock block) || !block.config().equals(config)) {
            throw new IllegalArgumentException("model block is not a TopoNetBlock built from " + config);
        }
        return new ModelArtifact(version, config, standardizer, metadata, parameterBytes(model));
    }

    /**
     * The bytes of the DJL params file {@code model.save} writes for the model's current parameters (the
     * trainer uses it to snapshot the best epoch).
     */
    public static byte[] parameterBytes(Model model) throws IOException {
        Path tmp = Files.createTempDirectory("topowatch-params");
        try {
            model.save(tmp, MODEL_NAME);
            try (Stream<Path> files = Files.list(tmp)) {
                Path params = files.filter(p -> p.getFileName().toString().endsWith(".params")).findFirst()
                        .orElseThrow(() -> new IOException("DJL wrote no params file in " + tmp));
                return Files.readAllBytes(params);
            }
        } finally {
            deleteRecursively(tmp);
        }
    }

    /**
     * A new DJL model (on the engine's default device: a GPU when DJL finds one, otherwise the CPU) with a
     * {@link TopoNetBlock} holding this artifact's parameters. The caller closes it.
     *
     * @throws ArtifactIntegrityException if the parameters do not fit the config
     */
    public Model newModel() throws IOException {
        Path tmp = Files.createTempDirectory("topowatch-model");
        Model model = Model.newInstance(MODEL_NAME);
        try {
            Files.write(tmp.resolve(PARAMS_FILE), parameters);
            model.setBlock(new TopoNetBlock(config));
            model.load(tmp, MODEL_NAME);
            return model;
        } catch (MalformedModelException | RuntimeException e) {
            model.close();
            throw new ArtifactIntegrityException(PARAMS_FILE, "parameters file '" + PARAMS_FILE + "' of model "
                    + version + " does not fit its config " + config + ": " + e.getMessage(), e);
        } catch (IOException e) {
            model.close();
            throw e;
        } finally {
            deleteRecursively(tmp);
        }
    }

    /** Writes {@value #MODEL_JSON}, {@value #PARAMS_FILE} and {@value #MANIFEST} into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        byte[] json = JSON.writeValueAsBytes(
                new Descriptor(FORMAT, version, ElementChannels.VERSION, PARAMS_FILE, config, standardizer, metadata));
        Files.write(dir.resolve(MODEL_JSON), json);
        Files.write(dir.resolve(PARAMS_FILE), parameters);
        String manifest = sha256(json) + "  " + MODEL_JSON + "\n" + sha256(parameters) + "  " + PARAMS_FILE + "\n";
        Files.writeString(dir.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    /**
     * Reads an artifact directory, verifying every file against {@value #MANIFEST} first.
     *
     * @throws ArtifactIntegrityException if the manifest or a file it lists is missing, a hash does not
     *                                    match, or {@value #MODEL_JSON} is not a valid descriptor
     */
    public static ModelArtifact load(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> manifest = readManifest(dir);
        for (Map.Entry<String, String> entry : manifest.entrySet()) {
            String name = entry.getKey();
            byte[] content;
            try {
                content = Files.readAllBytes(dir.resolve(name));
            } catch (NoSuchFileException e) {
                throw new ArtifactIntegrityException(name, "model artifact " + dir + " is missing file '" + name
                        + "' listed in " + MANIFEST, e);
            }
            String actual = sha256(content);
            if (!actual.equals(entry.getValue())) {
                throw new ArtifactIntegrityException(name, "model artifact file '" + name + "' in " + dir
                        + " fails its SHA-256 check (tampered or corrupted): " + MANIFEST + " says "
                        + entry.getValue() + ", file has " + actual);
            }
            files.put(name, content);
        }
        byte[] json = require(files, MODEL_JSON, dir);
        Descriptor d;
        try {
            d = JSON.readValue(json, Descriptor.class);
        } catch (IOException | RuntimeException e) {
            throw new ArtifactIntegrityException(MODEL_JSON, "cannot read " + MODEL_JSON + " in " + dir + ": "
                    + e.getMessage(), e);
        }
        if (!FORMAT.equals(d.format())) {
            throw new ArtifactIntegrityException(MODEL_JSON, MODEL_JSON + " in " + dir + " has format '"
                    + d.format() + "', this code reads '" + FORMAT + "'");
        }
        if (!ElementChannels.VERSION.equals(d.channels())) {
            throw new ArtifactIntegrityException(MODEL_JSON, "model " + d.version() + " in " + dir
                    + " was trained on element channels '" + d.channels() + "', this build uses '"
                    + ElementChannels.VERSION + "': retrain it");
        }
        if (d.parametersFile() == null || d.parametersFile().isBlank()) {
            throw new ArtifactIntegrityException(MODEL_JSON, MODEL_JSON + " in " + dir + " names no parameters file");
        }
        byte[] params = require(files, d.parametersFile(), dir);
        return new ModelArtifact(d.version(), d.config(), d.standardizer(), d.metadata(), params);
    }

    /** {@link #loadFromClasspath(String, ClassLoader)} with this class's class loader. */
    public static ModelArtifact loadFromClasspath(String resourceDir) throws IOException {
        return loadFromClasspath(resourceDir, ModelArtifact.class.getClassLoader());
    }

    /**
     * Loads an artifact packaged as class-path resources (e.g. inside the shaded jar): copies the manifest
     * and the files it lists from {@code resourceDir} to a temporary directory, then {@link #load}s that.
     */
    public static ModelArtifact loadFromClasspath(String resourceDir, ClassLoader loader) throws IOException {
        String base = resourceDir.replaceAll("^/+", "").replaceAll("/+$", "");
        Path tmp = Files.createTempDirectory("topowatch-artifact");
        try {
            copyResource(loader, base, MANIFEST, tmp);
            for (String name : readManifest(tmp).keySet()) {
                copyResource(loader, base, name, tmp);
            }
            return load(tmp);
        } finally {
            deleteRecursively(tmp);
        }
    }

    public String version() {
        return version;
    }

    public TopoNetConfig config() {
        return config;
    }

    public ChannelStandardizer standardizer() {
        return standardizer;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** SHA-256 (hex) of the params file: identifies the trained weights. */
    public String parametersSha256() {
        return sha256(parameters);
    }

    /** SHA-256 as lowercase hex. */
    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(sha256Digest().digest(data));
    }

    /** A fresh SHA-256 digest (the algorithm every JRE must provide). */
    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is required of every JRE", e);
        }
    }

    @Override
    public String toString() {
        return "ModelArtifact[" + version + ", params sha256 " + parametersSha256() + "]";
    }

    /** The JSON form of {@value #MODEL_JSON}. */
    record Descriptor(String format, String version, String channels, String parametersFile, TopoNetConfig config,
            ChannelStandardizer standardizer, ModelMetadata metadata) {}

    private static Map<String, String> readManifest(Path dir) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(MANIFEST), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ArtifactIntegrityException(MANIFEST, "model artifact " + dir + " has no " + MANIFEST, e);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+", 2);
            String name = parts.length == 2 ? parts[1].replaceFirst("^\\*", "") : "";
            if (!parts[0].matches("[0-9a-f]{64}") || name.isEmpty() || name.contains("/") || name.contains("\\")
                    || name.equals("..") || name.equals(MANIFEST)) {
                throw new ArtifactIntegrityException(MANIFEST, MANIFEST + " in " + dir + " has a bad line: '"
                        + line + "'");
            }
            entries.put(name, parts[0]);
        }
        return entries;
    }

    private static byte[] require(Map<String, byte[]> verified, String name, Path dir) {
        byte[] content = verified.get(name);
        if (content == null) {
            throw new ArtifactIntegrityException(name, "model artifact " + dir + ": required file '" + name
                    + "' is not listed in " + MANIFEST);
        }
        return content;
    }

    private static void copyResource(ClassLoader loader, String base, String name, Path dir) throws IOException {
        String resource = base.isEmpty() ? name : base + "/" + name;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ArtifactIntegrityException(name, "class-path model artifact '" + base
                        + "' is missing resource '" + resource + "'");
            }
            Files.copy(in, dir.resolve(name));
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover temp directory is harmless
        }
    }
}
