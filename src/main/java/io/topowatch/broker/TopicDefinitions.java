package io.topowatch.broker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the topic definitions: the {@code topics/} folder shipped in the jar, or any folder given. */
public final class TopicDefinitions {

    public static final String CLASSPATH_FOLDER = "topics";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    private TopicDefinitions() {}

    /** The definitions packaged with TopoWatch. */
    public static List<TopicDefinition> bundled() {
        URL url = TopicDefinitions.class.getClassLoader().getResource(CLASSPATH_FOLDER);
        if (url == null) {
            throw new IllegalStateException("no '" + CLASSPATH_FOLDER + "' folder on the classpath");
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                try (FileSystem jar = FileSystems.newFileSystem(url.toURI(), Map.of())) {
                    return fromFolder(jar.getPath("/" + CLASSPATH_FOLDER));
                }
            }
            return fromFolder(Path.of(url.toURI()));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the bundled topic definitions: " + e.getMessage(), e);
        }
    }

    /** Every {@code *.json} file of a folder, sorted by file name. */
    public static List<TopicDefinition> fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("topic definitions folder not found: " + folder);
        }
        List<TopicDefinition> definitions = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                definitions.add(read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("no *.json topic definitions in " + folder);
        }
        return definitions;
    }

    static TopicDefinition read(Path file) {
        TopicDefinition d;
        try (InputStream in = Files.newInputStream(file)) {
            d = MAPPER.readValue(in, TopicDefinition.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "$" : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new IllegalArgumentException(file + ": field '" + field + "': " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable JSON topic definition: " + e.getMessage());
        }
        check(file, d.name() != null && d.name().matches("[a-zA-Z0-9._-]{1,249}"), "name",
                "a Kafka topic name of letters, digits, '.', '_' or '-'");
        check(file, d.partitions() >= 1, "partitions", "at least 1");
        check(file, d.replicationFactor() >= 1, "replicationFactor", "at least 1");
        check(file, d.valueSchema() != null && d.valueSchema().isObject(), "valueSchema", "a JSON Schema object");
        check(file, file.getFileName().toString().equals(d.name() + ".json"), "name",
                "the file name without .json ('" + file.getFileName() + "')");
        return d;
    }

    private static void check(Path file, boolean ok, String field, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(file + ": field '" + field + "': expected " + expected);
        }
    }
}
