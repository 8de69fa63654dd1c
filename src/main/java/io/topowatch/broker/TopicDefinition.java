package io.topowatch.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One file of {@code topics/}: a topic's name, layout, configuration and the JSON Schema of its values.
 *
 * @param replicationFactor the factor wanted on a production cluster; capped at the broker count
 */
public record TopicDefinition(
        String name,
        String description,
        int partitions,
        short replicationFactor,
        Map<String, String> config,
        JsonNode keySchema,
        JsonNode valueSchema) {}
