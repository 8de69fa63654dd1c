package io.topowatch.stream;

import java.time.Duration;

/**
 * When the scoring stage asks Kafka Streams for a commit before {@code commit.interval.ms} is up.
 *
 * <p>Under exactly-once a score reaches read_committed consumers only when its transaction commits, and each
 * commit is a synchronous round of broker calls the stream thread waits for. Short intervals give low latency
 * and cost throughput; long ones the reverse. So the interval follows the load: while the stream keeps up
 * (the newest scan of a scored batch was produced less than {@code behindAfter} ago) it commits after each
 * scored batch, at most every {@code keepingUpInterval} (a batch scored sooner commits when the interval is up,
 * not at {@code commit.interval.ms}); once it falls behind it leaves commits to
 * {@code commit.interval.ms} ({@code stream.busyCommitIntervalMs}), fewer and larger transactions, until it
 * has caught up. The lag is measured against the scans' record timestamps (producer time): a producer clock
 * far ahead of this machine's makes the stream look idle (short commits, as without pacing), one far behind
 * makes it look busy (long commits).
 *
 * @param keepingUpInterval shortest time between two early commits ({@code stream.commitIntervalMs})
 * @param behindAfter       lag from which the stream counts as behind; zero: never commit early
 */
public record CommitPacing(Duration keepingUpInterval, Duration behindAfter) {

    public static final Duration DEFAULT_KEEPING_UP_INTERVAL = Duration.ofMillis(20);
    public static final Duration DEFAULT_BEHIND_AFTER = Duration.ofMillis(250);

    public CommitPacing {
        if (keepingUpInterval == null || keepingUpInterval.isNegative()) {
            throw new IllegalArgumentException("commit interval must not be negative, got " + keepingUpInterval);
        }
        if (behindAfter == null || behindAfter.isNegative()) {
            throw new IllegalArgumentException("behind-after lag must not be negative, got " + behindAfter);
        }
    }

    public static CommitPacing defaults() {
        return new CommitPacing(DEFAULT_KEEPING_UP_INTERVAL, DEFAULT_BEHIND_AFTER);
    }

    /** Commits only at {@code commit.interval.ms}. */
    public static CommitPacing never() {
        return new CommitPacing(DEFAULT_KEEPING_UP_INTERVAL, Duration.ZERO);
    }

    /** Whether a batch whose newest scan was produced at {@code newestProducedMs} shows the stream keeping up. */
    boolean keepingUp(long newestProducedMs, long nowMs) {
        return nowMs - newestProducedMs < behindAfter.toMillis();
    }

    /** Whether an early commit may be asked for now ({@code lastRequestMs} Long.MIN_VALUE: never asked). */
    boolean due(long nowMs, long lastRequestMs) {
        return lastRequestMs == Long.MIN_VALUE || nowMs - lastRequestMs >= keepingUpInterval.toMillis();
    }
}
