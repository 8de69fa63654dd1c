package io.topowatch.ingest;

import io.topowatch.spectrum.format.MuSource;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the scan files dropped into a folder: the files already there when it starts, then each new one
 * ({@link WatchService}). A file is taken once it has stopped changing (same size and modification time over
 * {@link #SETTLE}), read with {@link XdiScans}, published, and moved to {@code done/}; a file that cannot be
 * read, is not a valid scan or cannot be published is moved to {@code failed/} with a {@code NAME.error} text
 * file giving the reason ({@code FILE:LINE: message}). Either way it leaves the folder, so it is published once.
 * Hidden files ({@code .name}) and names ending in {@code .part} or {@code .tmp} are left alone, so a writer can
 * copy under such a name and rename when done.
 */
public final class XdiFolderWatcher implements AutoCloseable {

    /** Where scans go. */
    @FunctionalInterface
    public interface Sink {
        Object publish(ScanRecord scan) throws Exception;
    }

    /** A file is taken once unchanged for this long. */
    public static final Duration SETTLE = Duration.ofMillis(300);
    private static final long POLL_MS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(XdiFolderWatcher.class);

    private final Path dir;
    private final Path done;
    private final Path failed;
    private final ScanOverrides overrides;
    private final MuSource mu;
    private final Sink sink;
    private final WatchService watch;
    private final Thread thread;
    private final Map<Path, Seen> pending = new LinkedHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    private record Seen(long size, FileTime modified, long sinceNanos) {}

    private XdiFolderWatcher(Path dir, ScanOverrides overrides, MuSource mu, Sink sink) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.done = Files.createDirectories(this.dir.resolve("done"));
        this.failed = Files.createDirectories(this.dir.resolve("failed"));
        this.overrides = overrides;
        this.mu = mu;
        this.sink = sink;
        this.watch = FileSystems.getDefault().newWatchService();
        this.dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        this.thread = new Thread(this::loop, "xdi-watcher");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching {@code dir} (which must exist) on a thread of its own.
     *
     * @throws IOException when the folder cannot be watched or its done/ and failed/ folders cannot be made
     */
    public static XdiFolderWatcher start(Path dir, ScanOverrides overrides, MuSource mu, Sink sink) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such folder to watch");
        }
        XdiFolderWatcher w = new XdiFolderWatcher(dir, overrides, mu, sink);
        w.rescan();
        w.thread.start();
        LOG.info("watching {} for scan files", w.dir);
        return w;
    }

    public Path folder() {
        return dir;
    }

    /** Files published so far. */
    public long published() {
        return published.get();
    }

    /** Files moved to failed/ so far. */
    public long rejected() {
        return rejected.get();
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watch.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents().forEach(e -> {
                        if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                            rescan();
                        } else if (e.context() instanceof Path name) {
                            notice(dir.resolve(name));
                        }
                    });
                    if (!key.reset()) {
                        LOG.error("{} can no longer be watched (removed?); watcher stopped", dir);
                        return;
                    }
                }
                takeSettled();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("folder watcher stopped: {}", e.toString());
        }
    }

    private void rescan() {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(this::notice);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.getMessage());
        }
    }

    private void notice(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || name.endsWith(".part") || name.endsWith(".tmp") || !Files.isRegularFile(file)) {
            return;
        }
        pending.putIfAbsent(file, new Seen(-1, null, System.nanoTime()));
    }

    /** Takes every pending file that has not changed for {@link #SETTLE}. */
    private void takeSettled() {
        long now = System.nanoTime();
        for (var it = pending.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Path, Seen> e = it.next();
            Path file = e.getKey();
            long size;
            FileTime modified;
            try {
                size = Files.size(file);
                modified = Files.getLastModifiedTime(file);
            } catch (IOException gone) {
                it.remove();
                continue;
            }
            Seen seen = e.getValue();
            if (size != seen.size() || !modified.equals(seen.modified())) {
                e.setValue(new Seen(size, modified, now));
            } else if (now - seen.sinceNanos() >= SETTLE.toNanos()) {
                it.remove();
                take(file);
            }
        }
    }

    private void take(Path file) {
        String reason;
        try {
            ScanRecord scan = XdiScans.read(file, overrides, mu);
            sink.publish(scan);
            move(file, done);
            published.incrementAndGet();
            LOG.info("published {} as scan {}", file.getFileName(), scan.scanId());
            return;
        } catch (XdiScans.ScanFileException e) {
            reason = e.getMessage();
        } catch (IOException e) {
            reason = file + ":0: cannot read: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            reason = file + ":0: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        rejected.incrementAndGet();
        LOG.warn("{} rejected: {}", file.getFileName(), reason);
        try {
            Path moved = move(file, failed);
            // written beside it and renamed, so that whoever watches failed/ never reads a half-written reason
            Path error = failed.resolve(moved.getFileName() + ".error");
            Path part = failed.resolve(moved.getFileName() + ".error.part");
            Files.writeString(part, "error: " + reason + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(part, error, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("cannot move {} to {}: {}", file, failed, e.getMessage());
        }
    }

    /** Moves the file into the folder, with a time suffix when the name is taken there. */
    private static Path move(Path file, Path folder) throws IOException {
        Path target = folder.resolve(file.getFileName());
        if (Files.exists(target)) {
            target = folder.resolve(file.getFileName() + "." + Instant.now().toEpochMilli());
        }
        return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            watch.close();
        } catch (IOException e) {
            LOG.warn("closing the watch service of {}: {}", dir, e.getMessage());
        }
    }
}
