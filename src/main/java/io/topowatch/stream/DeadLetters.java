package io.topowatch.stream;

import io.topowatch.ingest.InvalidRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds dead letters that keep the original bytes of the rejected record. */
final class DeadLetters {

    private DeadLetters() {}

    static DeadLetter of(String stage, RuntimeException error, RecordMetadata source, String key, byte[] original) {
        String field = error instanceof InvalidRecordException ire ? ire.field() : "$";
        String reason = error instanceof InvalidRecordException || error instanceof IllegalArgumentException
                ? error.getMessage()
                : error.getClass().getSimpleName() + ": " + error.getMessage();
        String text = utf8OrNull(original);
        return new DeadLetter(stage, field, reason,
                source == null ? null : source.topic(),
                source == null ? null : source.partition(),
                source == null ? null : source.offset(),
                key,
                text != null ? text : original == null ? null : Base64.getEncoder().encodeToString(original),
                text != null || original == null ? "utf-8" : "base64",
                Instant.now());
    }

    static DeadLetter of(String stage, RuntimeException error, String key, Object value) {
        return of(stage, error, null, key, Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    private static String utf8OrNull(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
