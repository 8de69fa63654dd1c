package io.topowatch.ingest.bluesky;

import static io.topowatch.ingest.bluesky.BlueskyRuns.with;
import static org.assertj.core.api.Assertions.assertThat;

import io.topowatch.ingest.ScanRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunAssemblerTest {

    private static final ScanRecord SCAN = BlueskyRuns.scan();

    private final RunAssembler assembler = RunAssembler.inMemory();

    /** Feeds every document; returns the steps in order. */
    private List<RunAssembler.Step> feed(List<BlueskyDocument> docs, String key) {
        List<RunAssembler.Step> steps = new ArrayList<>();
        docs.forEach(d -> steps.add(assembler.accept(d, key)));
        return steps;
    }

    private static RunAssembler.Step last(List<RunAssembler.Step> steps) {
        return steps.get(steps.size() - 1);
    }

    private static void assertSameScan(ScanRecord got) {
        assertThat(got.schema()).isEqualTo(ScanRecord.SCHEMA);
        assertThat(got.scanId()).isEqualTo(SCAN.scanId());
        assertThat(got.experiment()).isEqualTo(SCAN.experiment());
        assertThat(got.sample()).isEqualTo(SCAN.sample());
        assertThat(got.setpoint()).isEqualTo(SCAN.setpoint());
        assertThat(got.element()).isEqualTo(SCAN.element());
        assertThat(got.edge()).isEqualTo("K");
        assertThat(got.control()).isEqualTo(SCAN.control());
        assertThat(got.spaceGroup()).isEqualTo(SCAN.spaceGroup());
        assertThat(got.sampleElements()).isEqualTo(SCAN.sampleElements());
        assertThat(got.energy()).containsExactly(SCAN.energy());
        assertThat(got.i0()).containsExactly(SCAN.i0());
        assertThat(got.it()).containsExactly(SCAN.it());
        assertThat(got.mu()).isNull();
        assertThat(got.timestamp()).isEqualTo(SCAN.timestamp());
    }

    private static RunAssembler.Step.Rejected rejected(RunAssembler.Step step) {
        assertThat(step).isInstanceOf(RunAssembler.Step.Rejected.class);
        return (RunAssembler.Step.Rejected) step;
    }

    @Test
    void onePointPerEventGivesTheScanAtTheStop() {
        List<RunAssembler.Step> steps = feed(BlueskyRuns.pointPerEvent(SCAN), null);
        assertThat(steps.subList(0, steps.size() - 1)).allMatch(s -> s instanceof RunAssembler.Step.Pending);
        assertThat(last(steps)).isInstanceOf(RunAssembler.Step.Completed.class);
        assertSameScan(((RunAssembler.Step.Completed) last(steps)).scan());
    }

    @Test
    void wholeArraysInOneEventGiveTheSameScan() {
        RunAssembler.Step step = last(feed(BlueskyRuns.arraysInOneEvent(SCAN), null));
        assertSameScan(((RunAssembler.Step.Completed) step).scan());
    }

    @Test
    void eventPagesGiveTheSameScan() {
        RunAssembler.Step step = last(feed(BlueskyRuns.eventPages(SCAN, 50), null));
        assertSameScan(((RunAssembler.Step.Completed) step).scan());
    }

    @Test
    void eventsArrivingOutOfOrderAreSortedBySeqNumAndARedeliveredEventCountsOnce() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        List<BlueskyDocument> events = new ArrayList<>(docs.subList(2, docs.size() - 1));
        Collections.reverse(events);
        events.add(events.get(3));
        List<BlueskyDocument> shuffled = new ArrayList<>(docs.subList(0, 2));
        shuffled.addAll(events);
        shuffled.add(docs.get(docs.size() - 1));
        assertSameScan(((RunAssembler.Step.Completed) last(feed(shuffled, null))).scan());
    }

    @Test
    void startDocumentAlternativesAreAccepted() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        Map<String, Object> control = new LinkedHashMap<>(SCAN.control());
        docs.set(0, with(docs.get(0), "experiment", null, "proposal", Map.of("proposal_id", SCAN.experiment()),
                "sample", Map.of("name", SCAN.sample(), "composition", "x"), "element", null,
                "edge", SCAN.element() + "-K", "space_group", null, "space_group_number", (long) SCAN.spaceGroup(),
                "sample_elements", null, "elements", List.copyOf(SCAN.sampleElements()),
                "field_T", null, "strain_pct", null, "temperature_K", null, "control", control, "topowatch_scan_id", null));
        ScanRecord got = ((RunAssembler.Step.Completed) last(feed(docs, null))).scan();
        assertThat(got.experiment()).isEqualTo(SCAN.experiment());
        assertThat(got.sample()).isEqualTo(SCAN.sample());
        assertThat(got.element()).isEqualTo(SCAN.element());
        assertThat(got.edge()).isEqualTo("K");
        assertThat(got.spaceGroup()).isEqualTo(SCAN.spaceGroup());
        assertThat(got.control()).isEqualTo(SCAN.control());
        assertThat(got.scanId()).isEqualTo(docs.get(0).document().get("uid"));
    }

    @Test
    void energyInKevIsConvertedAndMuIsTakenWhenTheRunRecordsIt() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.set(1, with(docs.get(1), "data_keys", Map.of(
                "mono_energy", Map.of("units", "keV", "dtype", "number"), "xmu", Map.of("dtype", "number"))));
        double[] mu = SCAN.absorption();
        for (int i = 2; i < docs.size() - 1; i++) {
            docs.set(i, with(docs.get(i), "data", Map.of("mono_energy", SCAN.energy()[i - 2] / 1000,
                    "xmu", mu[i - 2], "image", List.of(List.of(1L, 2L)))));
        }
        ScanRecord got = ((RunAssembler.Step.Completed) last(feed(docs, null))).scan();
        assertThat(got.energy()).containsExactly(SCAN.energy(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got.mu()).containsExactly(mu);
        assertThat(got.i0()).isNull();
    }

    @Test
    void anAbortedRunIsRejectedWithItsExitStatusAndReason() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.set(docs.size() - 1, with(docs.get(docs.size() - 1), "exit_status", "abort",
                "reason", "beam dump", "num_events", Map.of("primary", 10L)));
        RunAssembler.Step.Rejected r = rejected(last(feed(docs, null)));
        assertThat(r.error().field()).isEqualTo("stop.exit_status");
        assertThat(r.error().getMessage()).contains("abort").contains("beam dump");
        assertThat(r.startUid()).isEqualTo(docs.get(0).document().get("uid"));
    }

    @Test
    void aStartWithoutTheSampleIsRejectedOnceAndTheRestOfItsRunIsDropped() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.set(0, with(docs.get(0), "sample", null));
        List<RunAssembler.Step> steps = feed(docs, null);
        RunAssembler.Step.Rejected r = rejected(steps.get(0));
        assertThat(r.error().field()).isEqualTo("start.sample");
        assertThat(r.error().getMessage()).contains("missing from the start document");
        assertThat(steps.subList(1, steps.size())).allMatch(s -> s instanceof RunAssembler.Step.Ignored);
        // the stop cleared the run: its uid is free again
        assertThat(rejected(assembler.accept(docs.get(docs.size() - 1), null)).error().field())
                .isEqualTo("stop.run_start");
    }

    @Test
    void missingMetadataFieldsAreNamed() {
        for (String key : List.of("element", "setpoint", "space_group", "sample_elements", "experiment")) {
            RunAssembler fresh = RunAssembler.inMemory();
            BlueskyDocument start = with(BlueskyRuns.pointPerEvent(SCAN).get(0), key, null);
            RunAssembler.Step.Rejected r = rejected(fresh.accept(start, null));
            assertThat(r.error().field()).as(key).isEqualTo("start." + key);
        }
        BlueskyDocument noControls = with(BlueskyRuns.pointPerEvent(SCAN).get(0), "field_T", null,
                "strain_pct", null, "temperature_K", null);
        assertThat(rejected(RunAssembler.inMemory().accept(noControls, null)).error().getMessage())
                .contains("control variable");
        BlueskyDocument noUid = with(BlueskyRuns.pointPerEvent(SCAN).get(0), "uid", null);
        assertThat(rejected(RunAssembler.inMemory().accept(noUid, null)).error().field()).isEqualTo("start.uid");
    }

    @Test
    void anEventOfAnUnknownDescriptorIsRejectedAndItsRunFailsAtTheStopForTheMissingEvent() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.set(5, with(docs.get(5), "descriptor", "no-such-descriptor"));
        List<RunAssembler.Step> steps = feed(docs, null);
        RunAssembler.Step.Rejected event = rejected(steps.get(5));
        assertThat(event.error().field()).isEqualTo("event.descriptor");
        assertThat(event.error().getMessage()).contains("no-such-descriptor");
        RunAssembler.Step.Rejected stop = rejected(last(steps));
        assertThat(stop.error().field()).isEqualTo("stop.num_events");
        assertThat(stop.error().getMessage()).contains("counts " + SCAN.energy().length).contains("arrived");
    }

    @Test
    void eventsBeforeTheirDescriptorAreKeptWhenTheKeyNamesTheRun() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        BlueskyDocument descriptor = docs.remove(1);
        docs.add(10, descriptor);
        String runUid = (String) docs.get(0).document().get("uid");
        assertSameScan(((RunAssembler.Step.Completed) last(feed(docs, runUid))).scan());
    }

    @Test
    void aDescriptorThatNeverArrivesRejectsTheRun() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        docs.remove(1);
        String runUid = (String) docs.get(0).document().get("uid");
        RunAssembler.Step.Rejected r = rejected(last(feed(docs, runUid)));
        assertThat(r.error().getMessage()).contains("never arrived");
    }

    @Test
    void documentsOfUnknownRunsAndMalformedEventsAreRejected() {
        List<BlueskyDocument> docs = BlueskyRuns.pointPerEvent(SCAN);
        assertThat(rejected(assembler.accept(docs.get(1), null)).error().field()).isEqualTo("descriptor.run_start");
        assertThat(rejected(assembler.accept(docs.get(docs.size() - 1), null)).error().field())
                .isEqualTo("stop.run_start");
        assembler.accept(docs.get(0), null);
        assembler.accept(docs.get(1), null);
        assertThat(rejected(assembler.accept(with(docs.get(2), "seq_num", "one"), null)).error().field())
                .isEqualTo("event.seq_num");
        assertThat(rejected(assembler.accept(with(docs.get(2), "data", "x"), null)).error().field())
                .isEqualTo("event.data");
        assertThat(assembler.accept(new BlueskyDocument("resource", Map.of("uid", "r")), null))
                .isInstanceOf(RunAssembler.Step.Ignored.class);
    }

    @Test
    void aRunWithoutAbsorptionColumnsOrWithTooFewPointsIsRejectedAtTheStop() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        for (int i = 2; i < docs.size() - 1; i++) {
            docs.set(i, with(docs.get(i), "data", Map.of("energy", SCAN.energy()[i - 2], "I0", 1.0)));
        }
        assertThat(rejected(last(feed(docs, null))).error().getMessage()).contains("no absorption");

        List<BlueskyDocument> shortRun = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN).subList(0, 12));
        shortRun.add(with(BlueskyRuns.pointPerEvent(SCAN).get(SCAN.energy().length + 2), "num_events", null));
        assertThat(rejected(last(feed(shortRun, null))).error().field()).isEqualTo("energy");
    }

    @Test
    void baselineEventsDoNotEnterTheScan() {
        List<BlueskyDocument> docs = new ArrayList<>(BlueskyRuns.pointPerEvent(SCAN));
        String runUid = (String) docs.get(0).document().get("uid");
        docs.add(2, new BlueskyDocument("descriptor", Map.of("uid", "baseline-d", "run_start", runUid,
                "name", "baseline", "data_keys", Map.of())));
        docs.add(3, new BlueskyDocument("event", Map.of("uid", "b1", "descriptor", "baseline-d", "seq_num", 1L,
                "data", Map.of("energy", 1.0, "temperature", 10.0))));
        assertSameScan(((RunAssembler.Step.Completed) last(feed(docs, null))).scan());
    }
}
