package io.topowatch.cli;

import io.topowatch.ingest.RawScanProducer;
import io.topowatch.ingest.ScanFormat;
import io.topowatch.ingest.ScanOverrides;
import io.topowatch.ingest.ScanRecord;
import io.topowatch.ingest.XdiFolderWatcher;
import io.topowatch.ingest.XdiScans;
import io.topowatch.spectrum.format.Diagnostic;
import io.topowatch.spectrum.format.MuSource;
import io.topowatch.stream.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code topowatch replay FILE...}: publishes XAS files (XDI above all) as raw scan records. Every file is read
 * and checked first; if any cannot become a scan, its errors are printed as {@code error: FILE:LINE: message}
 * and nothing is published. With {@code --watch DIR} it then keeps publishing the files dropped into DIR
 * ({@link XdiFolderWatcher}) until stopped.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Publish XAS files (XDI 1.0; column files and Materials Project JSON with the metadata given "
                + "as options) as raw scan records; metadata from the XDI header (Element.*, Sample.name, "
                + "TopoWatch.*), overridden by the options.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Scan files to publish, in this order.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT", description = "Kafka cluster.")
    String bootstrapServers;

    @Option(names = "--experiment", paramLabel = "E", description = "Experiment (header TopoWatch.experiment).")
    String experiment;

    @Option(names = "--sample", paramLabel = "S", description = "Sample (header TopoWatch.sample or Sample.name).")
    String sample;

    @Option(names = "--setpoint", paramLabel = "N", description = "Setpoint index >= 0 (header TopoWatch.setpoint).")
    Integer setpoint;

    @Option(names = "--field-T", paramLabel = "X", description = "Magnetic field, tesla (header TopoWatch.field_T).")
    Double fieldT;

    @Option(names = "--strain-pct", paramLabel = "X", description = "Strain, percent (header TopoWatch.strain_pct).")
    Double strainPct;

    @Option(names = "--temperature-K", paramLabel = "X",
            description = "Temperature, kelvin (header TopoWatch.temperature_K or Sample.temperature).")
    Double temperatureK;

    @Option(names = "--space-group", paramLabel = "N", description = "Space group 1..230 (header TopoWatch.space_group).")
    Integer spaceGroup;

    @Option(names = "--sample-elements", paramLabel = "A,B", split = ",",
            description = "The sample's absorbing elements (header TopoWatch.sample_elements; default: the file's element).")
    List<String> sampleElements;

    @Option(names = "--mu", paramLabel = "EXPR", defaultValue = "auto",
            description = "How mu is made from the columns: auto, ln(i0/itrans), (if1+if2)/i0 or a column (default auto).")
    String mu;

    @Option(names = "--watch", paramLabel = "DIR",
            description = "After FILE..., keep publishing files dropped into DIR (moved to DIR/done or DIR/failed) until Ctrl-C.")
    Path watch;

    @Option(names = "--format", paramLabel = "json|msgpack", defaultValue = "json", converter = FormatOption.class,
            description = "Encoding of the published records: json or msgpack (arrays as msgpack-numpy ndarrays, "
                    + "faster to decode); the stream reads both (default ${DEFAULT-VALUE}).")
    ScanFormat format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (files.isEmpty() && watch == null) {
            throw new ParameterException(spec.commandLine(), "Missing FILE: give at least one file, or --watch DIR");
        }
        MuSource muSource = muSource(spec, mu);
        ScanOverrides overrides = overrides();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        List<ScanRecord> scans = new ArrayList<>();
        boolean ok = true;
        for (Path file : files) {
            try {
                scans.add(XdiScans.read(file, overrides, muSource));
            } catch (XdiScans.ScanFileException e) {
                err.println(e.diagnostic());
                ok = false;
            } catch (NoSuchFileException e) {
                err.println(Diagnostic.error(file.toString(), 0, "no such file"));
                ok = false;
            } catch (IOException e) {
                err.println(Diagnostic.error(file.toString(), 0, "cannot read: " + e.getMessage()));
                ok = false;
            }
        }
        if (!ok) {
            err.println("nothing published: fix the files above, or give the missing metadata as options");
            return 1;
        }
        requireRawTopic(bootstrapServers);
        try (RawScanProducer producer = new RawScanProducer(bootstrapServers, Map.of(), format)) {
            for (int i = 0; i < scans.size(); i++) {
                ScanRecord s = scans.get(i);
                producer.publish(s);
                out.println(files.get(i) + ": published scan " + s.scanId() + " (" + s.element() + " K, "
                        + s.energy().length + " points) as " + Topics.sampleKey(s.experiment(), s.sample())
                        + " setpoint " + s.setpoint());
            }
            out.flush();
            if (watch != null) {
                try (ShutdownSignal signal = ShutdownSignal.install();
                        XdiFolderWatcher watcher = XdiFolderWatcher.start(watch, overrides, muSource, producer)) {
                    out.println("watching " + watcher.folder() + " (Ctrl-C stops)");
                    out.flush();
                    signal.await(null);
                    out.println("stopped: " + watcher.published() + " published, " + watcher.rejected() + " failed");
                }
            }
        }
        return 0;
    }

    private ScanOverrides overrides() {
        if (setpoint != null && setpoint < 0) {
            throw new ParameterException(spec.commandLine(), "--setpoint must be >= 0, got " + setpoint);
        }
        if (spaceGroup != null && (spaceGroup < 1 || spaceGroup > 230)) {
            throw new ParameterException(spec.commandLine(), "--space-group must be 1..230, got " + spaceGroup);
        }
        Map<String, Double> control = new LinkedHashMap<>();
        put(control, ScanRecord.FIELD_T, fieldT, "--field-T");
        put(control, ScanRecord.STRAIN_PCT, strainPct, "--strain-pct");
        put(control, ScanRecord.TEMPERATURE_K, temperatureK, "--temperature-K");
        return new ScanOverrides(experiment, sample, setpoint, control, spaceGroup,
                sampleElements == null ? null : sampleElements.stream().map(String::strip).toList());
    }

    private void put(Map<String, Double> control, String name, Double value, String option) {
        if (value != null) {
            if (!Double.isFinite(value)) {
                throw new ParameterException(spec.commandLine(), option + " must be a finite number, got " + value);
            }
            control.put(name, value);
        }
    }

    /** {@code --format}: json or msgpack, any case (shared with {@code simulate}). */
    static final class FormatOption implements ITypeConverter<ScanFormat> {
        @Override
        public ScanFormat convert(String value) {
            try {
                return ScanFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static MuSource muSource(CommandSpec spec, String expression) {
        try {
            return MuSource.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--mu: " + e.getMessage());
        }
    }

    /** Fails with a clear message when the raw-scan topic is missing (the producer would only time out). */
    static void requireRawTopic(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            Set<String> names;
            try {
                names = admin.listTopics().names().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + ": "
                        + TopoWatch.describe(e));
            }
            if (!names.contains(Topics.RAW_SCANS.name())) {
                throw new IllegalStateException("topic " + Topics.RAW_SCANS.name() + " does not exist on "
                        + bootstrapServers + "; create it with: topowatch topics --bootstrap-servers " + bootstrapServers);
            }
        }
    }

    /**
     * Starts a folder watcher publishing to the cluster, for {@code run --watch} and {@code demo --watch}; closing
     * the result stops the watcher, then its producer.
     */
    static AutoCloseable watch(Path dir, String bootstrapServers, Map<String, String> clientProperties)
            throws IOException {
        RawScanProducer producer = new RawScanProducer(bootstrapServers, clientProperties);
        try {
            XdiFolderWatcher watcher = XdiFolderWatcher.start(dir, ScanOverrides.none(), MuSource.auto(), producer);
            System.out.println("watching: " + watcher.folder());
            return () -> {
                watcher.close();
                producer.close();
            };
        } catch (IOException | RuntimeException e) {
            producer.close();
            throw e;
        }
    }
}
