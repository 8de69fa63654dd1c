package io.topowatch.bench;

import io.topowatch.dashboard.DashboardConfig;
import io.topowatch.dashboard.DashboardVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load test of the dashboard's websocket fan-out: the dashboard server alone (no Kafka), fed trajectory points on
 * the event bus at a fixed rate as the relay would ({@link DashboardFeed}), with many websocket clients on
 * loopback and, optionally, one deliberately slow client that never reads.
 *
 * <p>Latency is receive time minus the point's {@code timestamp}, which the feeder sets to the moment it hands
 * the point over; clients and server share one JVM and one clock. It therefore includes the event bus, the
 * server's JSON handling and fan-out, loopback TCP, and the client's frame decoding and scheduling: an upper
 * bound on what the server adds. The slow client connects with a 4 KiB receive buffer and pauses its socket
 * right away, so the server's write queue to it grows until the server drops it; {@code /health}'s client count
 * tells when. The normal clients' latency before and after that moment shows whether it held them back.
 *
 * <p>The clients are kept cheap so that they, not the server, are not what is measured: they run on
 * {@code clientEventLoops} event loops (default 1), take raw frames (no String decoding) and read only the
 * timestamp, parsed by hand. The CPU time of the client and server event-loop threads over the measured window is
 * reported ({@code cpuCores}), so one can see how much of the machine the clients took.
 */
public final class WebSocketLoad {

    private static final String TOKEN = "websocket-load-benchmark";
    private static final String EXPERIMENT = "bench-ws";
    private static final String[] SAMPLES = {"GeTe-1", "Bi2Se3-1", "MgO-1", "SnTe-1"};
    private static final String TS_FIELD = "\"timestamp\":\"";
    private static final int CONNECT_BATCH = 100;

    /**
     * @param clients         normal websocket clients
     * @param pointsPerSecond trajectory points fed per second (each goes to every client)
     * @param duration        how long latencies are measured
     * @param warmup          how long points are fed first, unmeasured (JIT compilation, connection set-up)
     * @param slowClient      also connect one client that never reads
     * @param clientEventLoops event-loop threads the clients share
     */
    public record Settings(int clients, double pointsPerSecond, Duration duration, Duration warmup,
                           boolean slowClient, int clientEventLoops) {

        public Settings(int clients, double pointsPerSecond, Duration duration, Duration warmup, boolean slowClient) {
            this(clients, pointsPerSecond, duration, warmup, slowClient, 1);
        }

        public Settings {
            if (clientEventLoops < 1 || clientEventLoops > 64) {
                throw new IllegalArgumentException("--client-event-loops must be in [1, 64], got " + clientEventLoops);
            }
            if (warmup.isNegative()) {
                throw new IllegalArgumentException("--warmup must not be negative, got " + warmup.toSeconds());
            }
            if (clients < 1) {
                throw new IllegalArgumentException("--ws-clients must be at least 1, got " + clients);
            }
            if (!(pointsPerSecond > 0 && pointsPerSecond <= 100_000)) {
                throw new IllegalArgumentException("--points-per-second must be in (0, 100000], got " + pointsPerSecond);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--duration must be positive, got " + duration.toSeconds());
            }
        }
    }

    private WebSocketLoad() {}

    /** Runs the benchmark and returns its figures as JSON (also summarised on {@code log}). */
    public static JsonObject run(Settings s, PrintStream log) throws Exception {
        Vertx serverVertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(s.clientEventLoops()));
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-load-feeder");
            t.setDaemon(true);
            return t;
        });
        try {
            DashboardVerticle dashboard = new DashboardVerticle(
                    new DashboardConfig("127.0.0.1", 0, TOKEN, DashboardConfig.DEFAULT_HISTORY_PER_SAMPLE));
            await(serverVertx.deployVerticle(dashboard), Duration.ofSeconds(30));
            int port = dashboard.actualPort();
            DashboardFeed feed = new DashboardFeed(serverVertx);
            log.printf(Locale.ROOT, "dashboard on 127.0.0.1:%d, fed on event-bus address %s%n", port, DashboardVerticle.FEED_ADDRESS);

            Stats stats = new Stats(s.clients());
            WebSocketClient normal = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(s.clients() + 16).setConnectTimeout(60_000));
            long t0 = System.nanoTime();
            for (int from = 0; from < s.clients(); from += CONNECT_BATCH) {
                List<Future<WebSocket>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(s.clients(), from + CONNECT_BATCH); i++) {
                    int client = i;
                    batch.add(normal.connect(wsOptions(port)).onSuccess(ws -> {
                        ws.frameHandler(frame -> stats.received(client, frame));
                        ws.closeHandler(v -> stats.closedNormal.incrementAndGet());
                    }));
                }
                await(Future.all(batch), Duration.ofSeconds(120));
            }
            log.printf(Locale.ROOT, "%d clients connected in %.1f s%n", s.clients(), (System.nanoTime() - t0) / 1e9);

            if (s.slowClient()) {
                WebSocketClientOptions slowOptions = new WebSocketClientOptions().setConnectTimeout(60_000);
                slowOptions.setReceiveBufferSize(4096);
                WebSocketClient slowFactory = clientVertx.createWebSocketClient(slowOptions);
                WebSocket slow = await(slowFactory.connect(wsOptions(port)), Duration.ofSeconds(30));
                slow.pause(); // never reads: once Vert.x's small pending queue is full the socket is not read
            }
            int expectedClients = s.clients() + (s.slowClient() ? 1 : 0);
            HttpClient http = clientVertx.createHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int seen;
            while ((seen = healthClients(http, port)) < expectedClients) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the dashboard reports " + seen + " websocket clients, expected "
                            + expectedClients);
                }
                Thread.sleep(100);
            }

            // Feed at a fixed rate; watch /health for the slow client being dropped.
            long periodNanos = Math.round(1e9 / s.pointsPerSecond());
            AtomicLong sent = new AtomicLong();
            long feedStart = System.nanoTime();
            long start = feedStart + s.warmup().toNanos();
            stats.start(start);
            feeder.scheduleAtFixedRate(() -> {
                long n = sent.getAndIncrement();
                String sample = SAMPLES[(int) (n % SAMPLES.length)];
                feed.trajectory(EXPERIMENT + "/" + sample, point(sample, n));
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            long slowDroppedAtNanos = -1;
            long end = start + s.duration().toNanos();
            long fedBeforeMeasuring = -1;
            CpuClock cpu = new CpuClock(stats.clientThreads);
            String loadStart = loadAverage();
            while (System.nanoTime() < end) {
                Thread.sleep(250);
                if (fedBeforeMeasuring < 0 && System.nanoTime() >= start) {
                    fedBeforeMeasuring = sent.get();
                    cpu.start();
                }
                if (s.slowClient() && slowDroppedAtNanos < 0 && healthClients(http, port) <= s.clients()) {
                    slowDroppedAtNanos = System.nanoTime() - feedStart;
                    stats.markSlowDropped(System.nanoTime());
                    log.printf(Locale.ROOT, "slow client dropped by the server after %.1f s%n", slowDroppedAtNanos / 1e9);
                }
            }
            feeder.shutdownNow();
            JsonObject cpuCores = cpu.stop();
            String loadEnd = loadAverage();
            long fed = sent.get();
            Thread.sleep(2_000); // let the last points arrive
            double seconds = (System.nanoTime() - start - 2e9) / 1e9;

            JsonObject out = new JsonObject()
                    .put("benchmark", "dashboard-websocket-fanout")
                    .put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("clients", s.clients())
                    .put("slowClient", s.slowClient())
                    .put("pointsPerSecondTarget", s.pointsPerSecond())
                    .put("durationSeconds", s.duration().toSeconds())
                    .put("warmupSeconds", s.warmup().toSeconds())
                    .put("pointsFed", fed)
                    .put("pointsPerSecondFed", (fed - Math.max(0, fedBeforeMeasuring)) / seconds)
                    .put("messagesDelivered", stats.delivered.get())
                    .put("messagesExpected", fed * s.clients())
                    .put("deliveredFraction", fed == 0 ? 0 : (double) stats.delivered.get() / (fed * s.clients()))
                    .put("minPerClient", stats.minPerClient())
                    .put("normalClientsClosed", stats.closedNormal.get())
                    .put("latencyMs", stats.all.toJson())
                    .put("clientEventLoops", s.clientEventLoops())
                    .put("cpuCores", cpuCores)
                    .put("latencyMsPerSecond", stats.perSecondJson());
            if (s.slowClient()) {
                // seconds after feeding began (warm-up included)
                out.put("slowClientDroppedAfterSeconds", slowDroppedAtNanos < 0 ? null : slowDroppedAtNanos / 1e9)
                        .put("latencyMsWhileSlowClientConnected", stats.beforeDrop.toJson())
                        .put("latencyMsAfterSlowClientDropped", stats.afterDrop.toJson());
            }
            out.put("machine", new JsonObject()
                    .put("availableProcessors", Runtime.getRuntime().availableProcessors())
                    .put("loadAverageAtStart", loadStart)
                    .put("loadAverageAtEnd", loadEnd)
                    .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                    .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
            summarise(out, log);
            return out;
        } finally {
            feeder.shutdownNow();
            // Both at once: a server waiting for close handshakes from paused or busy clients would otherwise
            // hold the teardown (and, before, lose the figures already measured to a TimeoutException).
            Future<Void> closed = Future.join(serverVertx.close(), clientVertx.close()).mapEmpty();
            try {
                closed.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                log.println("warning: the server and clients took more than 60 s to close");
            }
        }
    }

    private static WebSocketConnectOptions wsOptions(int port) {
        // ?experiment= subscribes at once on servers that take subscriptions; older ones push everything anyway.
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws?token=" + TOKEN + "&experiment=" + EXPERIMENT);
    }

    /** A trajectory point as the stream writes it; its timestamp is the moment it is handed to the dashboard. */
    static String point(String sample, long n) {
        int setpoint = (int) (n / SAMPLES.length);
        double field = (setpoint % 19) * 0.5;
        double p = 1 / (1 + Math.exp(-(field - 4.25) * 2));
        return "{\"type\":\"trajectory\",\"experiment\":\"" + EXPERIMENT + "\",\"sample\":\"" + sample
                + "\",\"setpoint\":" + setpoint + ",\"control\":{\"field_T\":" + field + ",\"temperature_K\":10.0}"
                + ",\"probability\":" + p + ",\"uncertainty\":0.04,\"modelVersion\":\"topownet-0.2.0\""
                + ",\"elements\":[\"Ge\",\"Te\"],\"partial\":false,\"missingElements\":[]"
                + ",\"timestamp\":\"" + Instant.now() + "\"}";
    }

    private static int healthClients(HttpClient http, int port) throws Exception {
        String body = await(http.request(HttpMethod.GET, port, "127.0.0.1", "/health")
                .compose(req -> req.send().compose(res -> res.body())), Duration.ofSeconds(30)).toString();
        return new JsonObject(body).getInteger("clients", -1);
    }

    private static <T> T await(Future<T> f, Duration timeout) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void summarise(JsonObject r, PrintStream log) {
        JsonObject l = r.getJsonObject("latencyMs");
        log.printf(Locale.ROOT, "fed %d points (%.1f/s) to %d clients: %d of %d messages delivered (%.4f), "
                        + "fewest to one client %d, normal clients closed %d%n",
                r.getLong("pointsFed"), r.getDouble("pointsPerSecondFed"), r.getInteger("clients"),
                r.getLong("messagesDelivered"), r.getLong("messagesExpected"), r.getDouble("deliveredFraction"),
                r.getLong("minPerClient"), r.getInteger("normalClientsClosed"));
        log.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(l, "p50"), ms(l, "p90"), ms(l, "p99"), ms(l, "p999"), ms(l, "max"));
        JsonObject cpu = r.getJsonObject("cpuCores");
        if (cpu != null) {
            log.printf(Locale.ROOT, "CPU (cores busy, measured window): process %.2f, client event loops %.2f,"
                            + " server event loops %.2f; load average %s -> %s%n",
                    cpu.getDouble("process"), cpu.getDouble("clientEventLoops"), cpu.getDouble("serverEventLoops"),
                    r.getJsonObject("machine").getString("loadAverageAtStart"),
                    r.getJsonObject("machine").getString("loadAverageAtEnd"));
        }
        if (r.getBoolean("slowClient")) {
            JsonObject b = r.getJsonObject("latencyMsWhileSlowClientConnected");
            JsonObject a = r.getJsonObject("latencyMsAfterSlowClientDropped");
            Double dropped = r.getDouble("slowClientDroppedAfterSeconds");
            log.printf(Locale.ROOT, "slow client: %s; normal clients' p50/p99 ms while it was connected %.2f/%.2f,"
                            + " after %.2f/%.2f%n",
                    dropped == null ? "NOT dropped" : String.format(Locale.ROOT, "dropped after %.1f s", dropped),
                    ms(b, "p50"), ms(b, "p99"), ms(a, "p50"), ms(a, "p99"));
        }
    }

    private static double ms(JsonObject latency, String key) {
        Double v = latency.getDouble(key);
        return v == null ? Double.NaN : v;
    }

    private static final byte[] TS_BYTES = TS_FIELD.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The {@code timestamp} of a trajectory message in µs since the epoch, read straight from the UTF-8 bytes
     * (searched from the end, where the point's last field is); {@link Long#MIN_VALUE} when there is none.
     */
    static long timestampMicros(Buffer b) {
        int n = b.length();
        outer:
        for (int at = n - TS_BYTES.length; at >= 0; at--) {
            for (int k = 0; k < TS_BYTES.length; k++) {
                if (b.getByte(at + k) != TS_BYTES[k]) {
                    continue outer;
                }
            }
            int from = at + TS_BYTES.length;
            int to = from;
            while (to < n && b.getByte(to) != '"') {
                to++;
            }
            return parseInstantMicros(b, from, to);
        }
        return Long.MIN_VALUE;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (what {@link Instant#toString} writes) in µs; falls back to Instant.parse. */
    static long parseInstantMicros(Buffer b, int from, int to) {
        try {
            if (to - from >= 20 && b.getByte(from + 4) == '-' && b.getByte(from + 10) == 'T'
                    && b.getByte(to - 1) == 'Z') {
                int year = digits(b, from, 4);
                int month = digits(b, from + 5, 2);
                int day = digits(b, from + 8, 2);
                int hour = digits(b, from + 11, 2);
                int minute = digits(b, from + 14, 2);
                int second = digits(b, from + 17, 2);
                long micros = 0;
                int scale = 100_000;
                int i = from + 19;
                if (b.getByte(i) == '.') {
                    for (i++; i < to - 1; i++) {
                        int d = b.getByte(i) - '0';
                        if (d < 0 || d > 9) {
                            throw new NumberFormatException();
                        }
                        micros += d * (long) scale;
                        scale /= 10;
                    }
                } else if (i != to - 1) {
                    throw new NumberFormatException();
                }
                long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400L
                        + hour * 3_600L + minute * 60L + second;
                return epochSecond * 1_000_000L + micros;
            }
        } catch (RuntimeException e) {
            // not the usual shape: parse it properly
        }
        Instant t = Instant.parse(b.getString(from, to));
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    private static int digits(Buffer b, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            int d = b.getByte(i) - '0';
            if (d < 0 || d > 9) {
                throw new NumberFormatException();
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** CPU time of the process and of the client and server event-loop threads over the measured window. */
    private static final class CpuClock {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Set<Long> clientThreads;
        private long wallStart;
        private long processStart;
        private long clientStart;
        private long serverStart;
        private boolean started;

        CpuClock(Set<Long> clientThreads) {
            this.clientThreads = clientThreads;
        }

        void start() {
            started = true;
            wallStart = System.nanoTime();
            processStart = processCpu();
            clientStart = threadCpu(true);
            serverStart = threadCpu(false);
        }

        JsonObject stop() {
            if (!started) {
                return null;
            }
            double wall = System.nanoTime() - wallStart;
            return new JsonObject()
                    .put("process", (processCpu() - processStart) / wall)
                    .put("clientEventLoops", (threadCpu(true) - clientStart) / wall)
                    .put("serverEventLoops", (threadCpu(false) - serverStart) / wall);
        }

        private static long processCpu() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }

        /** Client threads are those that ran a client handler; server ones the other Vert.x event loops. */
        private long threadCpu(boolean clients) {
            long sum = 0;
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null || !info.getThreadName().startsWith("vert.x-eventloop")) {
                    continue;
                }
                if (clientThreads.contains(info.getThreadId()) == clients) {
                    long t = threads.getThreadCpuTime(info.getThreadId());
                    sum += Math.max(0, t);
                }
            }
            return sum;
        }
    }

    /** Counts and latency histograms, updated from the client event loops. */
    private static final class Stats {
        final AtomicIntegerArray perClient;
        final AtomicLong delivered = new AtomicLong();
        final AtomicInteger closedNormal = new AtomicInteger();
        final Histogram all = new Histogram();
        final Histogram beforeDrop = new Histogram();
        final Histogram afterDrop = new Histogram();
        final List<Histogram> perSecond = new ArrayList<>();
        final Set<Long> clientThreads = ConcurrentHashMap.newKeySet();
        private static final ThreadLocal<boolean[]> SEEN = ThreadLocal.withInitial(() -> new boolean[1]);
        volatile long startNanos = Long.MAX_VALUE;
        volatile long droppedAtNanos = Long.MAX_VALUE;

        Stats(int clients) {
            perClient = new AtomicIntegerArray(clients);
        }

        synchronized void start(long nanos) {
            for (int i = 0; i < 3600; i++) {
                perSecond.add(null);
            }
            startNanos = nanos;
        }

        void markSlowDropped(long nanos) {
            droppedAtNanos = nanos;
        }

        void received(int client, WebSocketFrame frame) {
            if (!frame.isText() && !frame.isContinuation()) {
                return;
            }
            if (!SEEN.get()[0]) {
                SEEN.get()[0] = true;
                clientThreads.add(Thread.currentThread().getId());
            }
            Buffer bytes = frame.binaryData();
            long sentAtMicros = timestampMicros(bytes);
            if (sentAtMicros == Long.MIN_VALUE) {
                return; // a control message (subscribed, ...)
            }
            long now = System.nanoTime();
            Instant nowInstant = Instant.now();
            long micros = nowInstant.getEpochSecond() * 1_000_000L + nowInstant.getNano() / 1_000 - sentAtMicros;
            perClient.incrementAndGet(client);
            delivered.incrementAndGet();
            if (now < startNanos) {
                return; // warm-up: counted, not measured
            }
            all.record(micros);
            (now < droppedAtNanos ? beforeDrop : afterDrop).record(micros);
            long second = (now - startNanos) / 1_000_000_000L;
            if (second < 3600) {
                second(second).record(micros);
            }
        }

        private Histogram second(long s) {
            Histogram h = perSecond.get((int) s);
            if (h == null) {
                synchronized (this) {
                    h = perSecond.get((int) s);
                    if (h == null) {
                        h = new Histogram();
                        perSecond.set((int) s, h);
                    }
                }
            }
            return h;
        }

        long minPerClient() {
            long min = Long.MAX_VALUE;
            for (int i = 0; i < perClient.length(); i++) {
                min = Math.min(min, perClient.get(i));
            }
            return min;
        }

        JsonArray perSecondJson() {
            JsonArray out = new JsonArray();
            for (Histogram h : perSecond) {
                if (h != null) {
                    JsonObject j = h.toJson();
                    out.add(new JsonObject().put("n", j.getLong("n")).put("p50", j.getValue("p50"))
                            .put("p99", j.getValue("p99")).put("max", j.getValue("max")));
                }
            }
            return out;
        }
    }

    /**
     * Latency histogram in microseconds, log-linear buckets (10 µs wide below 1 ms, 100 µs below 10 ms, 1 ms below
     * 100 ms, 10 ms up to 60 s): percentiles are the upper edge of their bucket, so at most one bucket high.
     */
    static final class Histogram {
        private static final int B1 = 100;             // [0, 1 ms) by 10 µs
        private static final int B2 = B1 + 90;         // [1, 10 ms) by 100 µs
        private static final int B3 = B2 + 90;         // [10, 100 ms) by 1 ms
        private static final int B4 = B3 + 5990;       // [100 ms, 60 s) by 10 ms
        private final AtomicLongArray counts = new AtomicLongArray(B4 + 1);
        private final AtomicLong n = new AtomicLong();
        private final AtomicLong max = new AtomicLong();

        void record(long micros) {
            long us = Math.max(0, micros);
            counts.incrementAndGet(bucket(us));
            n.incrementAndGet();
            max.accumulateAndGet(us, Math::max);
        }

        static int bucket(long us) {
            if (us < 1_000) {
                return (int) (us / 10);
            }
            if (us < 10_000) {
                return B1 + (int) ((us - 1_000) / 100);
            }
            if (us < 100_000) {
                return B2 + (int) ((us - 10_000) / 1_000);
            }
            if (us < 60_000_000) {
                return B3 + (int) ((us - 100_000) / 10_000);
            }
            return B4;
        }

        static long upperEdge(int b) {
            if (b < B1) {
                return (b + 1) * 10L;
            }
            if (b < B2) {
                return 1_000 + (b - B1 + 1) * 100L;
            }
            if (b < B3) {
                return 10_000 + (b - B2 + 1) * 1_000L;
            }
            if (b < B4) {
                return 100_000 + (b - B3 + 1) * 10_000L;
            }
            return Long.MAX_VALUE;
        }

        double percentileMs(double q) {
            long total = n.get();
            if (total == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int b = 0; b < counts.length(); b++) {
                seen += counts.get(b);
                if (seen >= rank) {
                    return Math.min(upperEdge(b), max.get()) / 1000.0;
                }
            }
            return max.get() / 1000.0;
        }

        /** {@code {n, p50, p90, p99, p999, max}} in ms; the figures are null when nothing was recorded. */
        JsonObject toJson() {
            boolean empty = n.get() == 0;
            return new JsonObject().put("n", n.get())
                    .put("p50", empty ? null : percentileMs(0.50)).put("p90", empty ? null : percentileMs(0.90))
                    .put("p99", empty ? null : percentileMs(0.99)).put("p999", empty ? null : percentileMs(0.999))
                    .put("max", empty ? null : max.get() / 1000.0);
        }
    }
}
