package io.topowatch.stream;

import java.time.Instant;

/**
 * A record the stream could not use: where it failed, why, and the original value so nothing is lost.
 *
 * @param stage          the stage that rejected it (decode, normalise, assemble, score)
 * @param field          the field at fault, "$" for the whole record
 * @param reason         what was wrong and what was expected
 * @param originalValue  the record as received: UTF-8 text, or base64 when {@code encoding} says so
 * @param encoding       "utf-8" or "base64"
 */
public record DeadLetter(
        String stage,
        String field,
        String reason,
        String sourceTopic,
        Integer partition,
        Long offset,
        String key,
        String originalValue,
        String encoding,
        Instant rejectedAt) {}
