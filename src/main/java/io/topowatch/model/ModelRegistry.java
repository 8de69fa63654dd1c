package io.topowatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of versioned model artifacts, one of which is promoted: the model the beamline should score with.
 *
 * <p>Layout: {@code <root>/<version>/} holds each registered {@link ModelArtifact} exactly as
 * {@link ModelArtifact#save} writes it; {@code <root>/}{@value #STATE_FILE} records, per version, when it was
 * registered, its parameters' SHA-256 and training metrics, the stack of promoted versions (top = promoted)
 * and the history of every promotion and rollback. The state file is only ever replaced whole (written to a
 * temporary file in the same folder, then moved over it), so a reader sees the old state or the new one,
 * never a torn one. Changes are serialised by a lock file ({@value #LOCK_FILE}) across processes and by a
 * lock per folder within one JVM.
 *
 * <p>Promotion and rollback first verify the target artifact ({@link ModelArtifact#load}: every file's
 * SHA-256 against its manifest, format and element-channel version) and that its parameters are the ones
 * registered, then hand the event to a {@link PromotionSink} (e.g. a compacted Kafka topic) and only then
 * write the new state: when the sink fails, nothing changes.
 */
public final class ModelRegistry {

    public static final String STATE_FILE = "registry.json";
    public static final String LOCK_FILE = ".lock";
    static final String FORMAT = "topowatch-registry/1";
    /** A version is a folder name: letters, digits, '.', '_', '-', starting with a letter or digit. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** Whether a record promotes a version or rolls back to one. */
    public enum Action {
        PROMOTE, ROLLBACK;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Action of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One promotion or rollback: the value of the models topic's {@value #PROMOTED_KEY} record.
     *
     * @param version          the version promoted by this event (after a rollback: the one rolled back to)
     * @param parametersSha256 SHA-256 of that version's params file
     * @param promotedAt       ISO-8601 instant (UTC)
     * @param previous         the version promoted before this event, or null for the first promotion
     */
    public record Promotion(String version, String parametersSha256, Action action, String promotedAt,
            String previous) {}

    /** The topic key whose latest record names the promoted model. */
    public static final String PROMOTED_KEY = "promoted";

    /**
     * A registered version.
     *
     * @param createdAt    when the artifact was trained ({@link ModelMetadata#createdAt()})
     * @param registeredAt when it entered this registry
     * @param metrics      its training metrics ({@link ModelMetadata#metrics()})
     * @param promoted     whether it is the promoted version
     */
    public record Entry(String version, String createdAt, String registeredAt, String parametersSha256,
            Map<String, Double> metrics, boolean promoted) {

        public Entry {
            metrics = metrics == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
        }
    }

    /** Receives each promotion or rollback before it is recorded; a failure cancels it. */
    @FunctionalInterface
    public interface PromotionSink {

        /** Records nowhere else: the registry folder changes only. */
        PromotionSink NONE = promotion -> {};

        void publish(Promotion promotion) throws Exception;
    }

    /** What {@link #register} did. */
    public record Registration(Entry entry, boolean added) {}

    /** The JSON form of {@value #STATE_FILE}. */
    record State(String format, Map<String, Stored> models, List<String> promotions, List<Promotion> history) {

        State {
            models = new TreeMap<>(models == null ? Map.of() : models);
            promotions = new ArrayList<>(promotions == null ? List.of() : promotions);
            history = new ArrayList<>(history == null ? List.of() : history);
        }

        static State empty() {
            return new State(FORMAT, Map.of(), List.of(), List.of());
        }

        String promoted() {
            return promotions.isEmpty() ? null : promotions.get(promotions.size() - 1);
        }
    }

    /** A version as the state file keeps it. */
    record Stored(String createdAt, String registeredAt, String parametersSha256, Map<String, Double> metrics) {}

    private final Path root;
    private final Clock clock;

    /** A registry in {@code root} (created on the first change). */
    public ModelRegistry(Path root) {
        this(root, Clock.systemUTC());
    }

    public ModelRegistry(Path root, Clock clock) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code ~/.topowatch/models}. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("user.home"), ".topowatch", "models");
    }

    /** The registry folder a setting names: blank means {@link #defaultRoot()}; a leading {@code ~/} is the home folder. */
    public static Path root(String setting) {
        if (setting == null || setting.isBlank()) {
            return defaultRoot();
        }
        String s = setting.strip();
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return Path.of(s);
    }

    public Path root() {
        return root;
    }

    /** The folder a version is (or would be) stored in. */
    public Path path(String version) {
        return root.resolve(checkVersion(version));
    }

    /**
     * Saves an artifact under {@code <root>/<version>/}. Registering an identical artifact (same files) again
     * changes nothing.
     *
     * @throws IllegalStateException    if a different artifact is already registered under that version
     * @throws IllegalArgumentException if the version is not a usable folder name
     */
    public Registration register(ModelArtifact artifact) throws IOException {
        String version = checkVersion(artifact.version());
        return locked(() -> {
            State state = readState();
            Path target = root.resolve(version);
            Path staging = Files.createTempDirectory(root, "." + version + ".staging-");
            try {
                artifact.save(staging);
                if (Files.exists(target)) {
                    Stored known = state.models().get(version);
                    String existing = Files.exists(target.resolve(ModelArtifact.MANIFEST))
                            ? Files.readString(target.resolve(ModelArtifact.MANIFEST), StandardCharsets.UTF_8) : "";
                    String incoming = Files.readString(staging.resolve(ModelArtifact.MANIFEST), StandardCharsets.UTF_8);
                    if (known != null && existing.equals(incoming)) {
                        return new Registration(entry(version, known, state), false);
                    }
                    throw new IllegalStateException("model version " + version + " is already registered in " + root
                            + (known == null ? " (folder " + target + " exists)"
                                    : " with parameters sha256 " + known.parametersSha256())
                            + "; refusing a different artifact (parameters sha256 " + artifact.parametersSha256()
                            + ") under the same version: give it a new version");
                }
                move(staging, target);
            } finally {
                deleteRecursively(staging);
            }
            Stored stored = new Stored(artifact.metadata().createdAt(), now(), artifact.parametersSha256(),
                    artifact.metadata().metrics());
            state.models().put(version, stored);
            writeState(state);
            return new Registration(entry(version, stored, state), true);
        });
    }

    /** Every registered version, oldest registration first. */
    public List<Entry> list() throws IOException {
        State state = readState();
        return state.models().entrySet().stream()
                .map(e -> entry(e.getKey(), e.getValue(), state))
                .sorted(Comparator.comparing(Entry::registeredAt).thenComparing(Entry::version))
                .toList();
    }

    /** A registered version, if there is one. */
    public Optional<Entry> find(String version) throws IOException {
        State state = readState();
        Stored stored = state.models().get(version);
        return stored == null ? Optional.empty() : Optional.of(entry(version, stored, state));
    }

    /** The promoted version, if any. */
    public Optional<Entry> promoted() throws IOException {
        State state = readState();
        String v = state.promoted();
        return v == null ? Optional.empty() : Optional.of(entry(v, state.models().get(v), state));
    }

    /** Every promotion and rollback, oldest first. */
    public List<Promotion> history() throws IOException {
        return List.copyOf(readState().history());
    }

    /**
     * Loads a registered version, verified: every file against its manifest, and its parameters against the
     * SHA-256 recorded when it was registered.
     *
     * @throws IllegalArgumentException   if the version is not registered
     * @throws ArtifactIntegrityException if its files fail a check
     */
    public ModelArtifact load(String version) throws IOException {
        return verified(readState(), version);
    }

    /** {@link #promote(String, PromotionSink)} that records nowhere else. */
    public Promotion promote(String version) throws IOException {
        return promote(version, PromotionSink.NONE);
    }

    /**
     * Makes a registered version the promoted one, after verifying its artifact. Promoting the version that
     * is already promoted records nothing new and publishes the latest event again (so a sink that missed
     * it catches up).
     *
     * @return the event (for an already promoted version: the latest one)
     * @throws IllegalArgumentException   if the version is not registered
     * @throws ArtifactIntegrityException if its artifact fails verification (tampered or corrupted)
     */
    public Promotion promote(String version, PromotionSink sink) throws IOException {
        checkVersion(version);
        return locked(() -> {
            State state = readState();
            ModelArtifact artifact = verified(state, version);
            String current = state.promoted();
            if (version.equals(current)) {
                Promotion latest = state.history().get(state.history().size() - 1);
                publish(sink, latest);
                return latest;
            }
            Promotion event = new Promotion(version, artifact.parametersSha256(), Action.PROMOTE, now(), current);
            publish(sink, event);
            state.promotions().add(version);
            state.history().add(event);
            writeState(state);
            return event;
        });
    }

    /** {@link #rollback(PromotionSink)} that records nowhere else. */
    public Promotion rollback() throws IOException {
        return rollback(PromotionSink.NONE);
    }

    /**
     * Goes back to the version promoted before the current one (repeatable: each rollback steps one
     * promotion further back), after verifying its artifact.
     *
     * @throws IllegalStateException      if nothing, or only one version, has been promoted
     * @throws ArtifactIntegrityException if the earlier version's artifact fails verification
     */
    public Promotion rollback(PromotionSink sink) throws IOException {
        return locked(() -> {
            State state = readState();
            List<String> stack = state.promotions();
            if (stack.size() < 2) {
                throw new IllegalStateException(stack.isEmpty()
                        ? "nothing to roll back: no model has been promoted in " + root
                        : "nothing to roll back to: " + stack.get(0) + " is the only model ever promoted in " + root);
            }
            String current = stack.get(stack.size() - 1);
            String target = stack.get(stack.size() - 2);
            ModelArtifact artifact = verified(state, target);
            Promotion event = new Promotion(target, artifact.parametersSha256(), Action.ROLLBACK, now(), current);
            publish(sink, event);
            stack.remove(stack.size() - 1);
            state.history().add(event);
            writeState(state);
            return event;
        });
    }

    private ModelArtifact verified(State state, String version) throws IOException {
        Stored stored = state.models().get(version);
        if (stored == null) {
            throw new IllegalArgumentException("unknown model version '" + version + "' in registry " + root
                    + (state.models().isEmpty() ? " (it is empty)" : "; registered: " + String.join(", ", state.models().keySet())));
        }
        Path dir = root.resolve(version);
        if (!Files.isDirectory(dir)) {
            throw new ArtifactIntegrityException(ModelArtifact.MANIFEST, "model " + version + " is registered but its folder "
                    + dir + " is missing");
        }
        ModelArtifact artifact = ModelArtifact.load(dir);
        if (!artifact.version().equals(version)) {
            throw new ArtifactIntegrityException(ModelArtifact.MODEL_JSON, "folder " + dir + " holds model "
                    + artifact.version() + ", not " + version + " (tampered)");
        }
        if (!artifact.parametersSha256().equals(stored.parametersSha256())) {
            throw new ArtifactIntegrityException(ModelArtifact.PARAMS_FILE, "model " + version + " in " + dir
                    + " has parameters sha256 " + artifact.parametersSha256() + " but was registered with "
                    + stored.parametersSha256() + " (replaced after registration)");
        }
        return artifact;
    }

    private static void publish(PromotionSink sink, Promotion event) {
        try {
            sink.publish(event);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the " + event.action().wire() + " of " + event.version()
                    + ": " + e.getMessage() + "; the registry is unchanged", e);
        }
    }

    private Entry entry(String version, Stored s, State state) {
        return new Entry(version, s.createdAt(), s.registeredAt(), s.parametersSha256(), s.metrics(),
                version.equals(state.promoted()));
    }

    State readState() throws IOException {
        Path file = root.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return State.empty();
        }
        State s;
        try {
            s = JSON.readValue(file.toFile(), State.class);
        } catch (IOException e) {
            throw new IOException("registry state " + file + " is unreadable: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(s.format())) {
            throw new IOException("registry state " + file + " has format '" + s.format() + "', this code reads '"
                    + FORMAT + "'");
        }
        return s;
    }

    /** Writes the whole state to a temporary file beside it, forces it to disk, then moves it into place. */
    private void writeState(State state) throws IOException {
        Path file = root.resolve(STATE_FILE);
        Path tmp = Files.createTempFile(root, "." + STATE_FILE + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(state)));
                ch.force(true);
            }
            move(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + to + " atomically: " + e.getMessage(), e);
        }
    }

    private interface Change<T> {
        T apply() throws IOException;
    }

    private <T> T locked(Change<T> change) throws IOException {
        Files.createDirectories(root);
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(root, k -> new ReentrantLock());
        jvmLock.lock();
        try (FileChannel ch = FileChannel.open(root.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return change.apply();
        } finally {
            jvmLock.unlock();
        }
    }

    private String now() {
        return Instant.now(clock).toString();
    }

    private static String checkVersion(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("model version '" + version + "' cannot be registered: use letters, "
                    + "digits, '.', '_' and '-', starting with a letter or digit");
        }
        return version;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover staging folder is ignored by the registry
        }
    }
}
