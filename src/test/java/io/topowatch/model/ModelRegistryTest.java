package io.topowatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.model.ModelRegistry.Action;
import io.topowatch.model.ModelRegistry.Promotion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    private static ModelArtifact a;
    private static ModelArtifact b;
    private static ModelArtifact c;

    @TempDir
    Path root;

    private ModelRegistry registry;

    @BeforeAll
    static void artifacts() throws Exception {
        a = RegistryFixtures.untrained("a-1.0", 1);
        b = RegistryFixtures.untrained("b-1.0", 2);
        c = RegistryFixtures.untrained("c-1.0", 3);
    }

    /** A clock that ticks one second per reading, so registration and promotion times are distinct and known. */
    private static Clock ticking() {
        AtomicInteger ticks = new AtomicInteger();
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.parse("2025-06-01T12:00:00Z").plusSeconds(ticks.getAndIncrement());
            }
        };
    }

    @BeforeEach
    void open() {
        registry = new ModelRegistry(root, ticking());
    }

    @Test
    void registerSavesTheArtifactUnderItsVersionAndListsIt() throws Exception {
        ModelRegistry.Registration r = registry.register(a);

        assertThat(r.added()).isTrue();
        assertThat(ModelArtifact.load(root.resolve("a-1.0")).parametersSha256()).isEqualTo(a.parametersSha256());
        assertThat(registry.list()).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo("a-1.0");
            assertThat(e.createdAt()).isEqualTo("2025-01-01T00:00:00Z");
            assertThat(e.registeredAt()).isEqualTo("2025-06-01T12:00:00Z");
            assertThat(e.parametersSha256()).isEqualTo(a.parametersSha256());
            assertThat(e.metrics()).containsEntry("validationAccuracy", 0.5);
            assertThat(e.promoted()).isFalse();
        });
        assertThat(registry.promoted()).isEmpty();
        assertThat(new ModelRegistry(root).list()).as("state survives a new instance").hasSize(1);
    }

    @Test
    void reRegisteringTheIdenticalArtifactIsANoOp() throws Exception {
        registry.register(a);
        ModelRegistry.Registration again = registry.register(RegistryFixtures.renamed(a, "a-1.0"));

        assertThat(again.added()).isFalse();
        assertThat(again.entry().registeredAt()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(registry.list()).hasSize(1);
    }

    @Test
    void refusesADifferentArtifactUnderAnExistingVersion() throws Exception {
        registry.register(a);
        byte[] before = Files.readAllBytes(root.resolve("a-1.0").resolve(ModelArtifact.PARAMS_FILE));

        assertThatThrownBy(() -> registry.register(RegistryFixtures.renamed(b, "a-1.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a-1.0 is already registered")
                .hasMessageContaining(a.parametersSha256())
                .hasMessageContaining(b.parametersSha256());
        assertThat(Files.readAllBytes(root.resolve("a-1.0").resolve(ModelArtifact.PARAMS_FILE))).isEqualTo(before);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesVersionsThatAreNotPlainFolderNames() throws Exception {
        for (String bad : List.of("../escape", "a/b", ".hidden")) {
            assertThatThrownBy(() -> registry.register(RegistryFixtures.renamed(a, bad)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void promoteAndRollbackWalkThePromotionStackAndRecordHistory() throws Exception {
        registry.register(a);
        registry.register(b);
        registry.register(c);

        Promotion first = registry.promote("a-1.0");
        assertThat(first).isEqualTo(new Promotion("a-1.0", a.parametersSha256(), Action.PROMOTE, "2025-06-01T12:00:03Z", null));
        registry.promote("b-1.0");
        registry.promote("c-1.0");
        assertThat(registry.promoted()).map(ModelRegistry.Entry::version).contains("c-1.0");
        assertThat(registry.list()).filteredOn(ModelRegistry.Entry::promoted).extracting(ModelRegistry.Entry::version)
                .containsExactly("c-1.0");

        Promotion back = registry.rollback();
        assertThat(back.version()).isEqualTo("b-1.0");
        assertThat(back.previous()).isEqualTo("c-1.0");
        assertThat(back.action()).isEqualTo(Action.ROLLBACK);
        assertThat(back.parametersSha256()).isEqualTo(b.parametersSha256());
        assertThat(registry.rollback().version()).isEqualTo("a-1.0");
        assertThat(registry.promoted()).map(ModelRegistry.Entry::version).contains("a-1.0");

        assertThatThrownBy(registry::rollback).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing to roll back to: a-1.0 is the only model ever promoted");
        assertThat(registry.history()).extracting(Promotion::version, Promotion::action, Promotion::previous)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a-1.0", Action.PROMOTE, null),
                        org.assertj.core.groups.Tuple.tuple("b-1.0", Action.PROMOTE, "a-1.0"),
                        org.assertj.core.groups.Tuple.tuple("c-1.0", Action.PROMOTE, "b-1.0"),
                        org.assertj.core.groups.Tuple.tuple("b-1.0", Action.ROLLBACK, "c-1.0"),
                        org.assertj.core.groups.Tuple.tuple("a-1.0", Action.ROLLBACK, "b-1.0"));
        assertThat(new ModelRegistry(root).history()).hasSize(5);
    }

    @Test
    void rollbackWithNothingPromotedIsAClearError() throws Exception {
        registry.register(a);
        assertThatThrownBy(registry::rollback).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing to roll back: no model has been promoted");
    }

    @Test
    void promotingAnUnknownVersionNamesTheRegisteredOnes() throws Exception {
        registry.register(a);
        assertThatThrownBy(() -> registry.promote("zz-9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown model version 'zz-9'").hasMessageContaining("registered: a-1.0");
    }

    @Test
    void promotingThePromotedVersionAgainRecordsNothingButPublishesAgain() throws Exception {
        registry.register(a);
        List<Promotion> published = new ArrayList<>();
        Promotion first = registry.promote("a-1.0", published::add);
        Promotion again = registry.promote("a-1.0", published::add);

        assertThat(again).isEqualTo(first);
        assertThat(registry.history()).containsExactly(first);
        assertThat(published).containsExactly(first, first);
    }

    @Test
    void promoteRefusesATamperedArtifact() throws Exception {
        registry.register(a);
        registry.register(b);
        registry.promote("a-1.0");
        RegistryFixtures.tamper(root.resolve("b-1.0"));

        assertThatThrownBy(() -> registry.promote("b-1.0")).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("SHA-256").hasMessageContaining(ModelArtifact.PARAMS_FILE);
        assertThat(registry.promoted()).map(ModelRegistry.Entry::version).contains("a-1.0");
        assertThat(registry.history()).hasSize(1);
    }

    @Test
    void promoteRefusesAnArtifactReplacedWithAConsistentManifest() throws Exception {
        registry.register(a);
        Path dir = root.resolve("a-1.0");
        RegistryFixtures.renamed(b, "a-1.0").save(dir);
        assertThatThrownBy(() -> registry.promote("a-1.0")).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("replaced after registration");

        c.save(dir);
        assertThatThrownBy(() -> registry.promote("a-1.0")).isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("holds model c-1.0, not a-1.0");
        assertThat(registry.promoted()).isEmpty();
    }

    @Test
    void rollbackRefusesATamperedEarlierVersion() throws Exception {
        registry.register(a);
        registry.register(b);
        registry.promote("a-1.0");
        registry.promote("b-1.0");
        RegistryFixtures.tamper(root.resolve("a-1.0"));

        assertThatThrownBy(registry::rollback).isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("SHA-256");
        assertThat(registry.promoted()).map(ModelRegistry.Entry::version).contains("b-1.0");
    }

    @Test
    void aFailingSinkLeavesTheRegistryUnchanged() throws Exception {
        registry.register(a);
        assertThatThrownBy(() -> registry.promote("a-1.0", p -> {
            throw new java.io.IOException("broker down");
        })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broker down").hasMessageContaining("the registry is unchanged");
        assertThat(registry.promoted()).isEmpty();
        assertThat(registry.history()).isEmpty();
    }

    @Test
    void theStateFileIsReplacedWholeSoReadersNeverSeeItTorn() throws Exception {
        registry.register(a);
        registry.register(b);
        registry.promote("a-1.0");
        Path state = root.resolve(ModelRegistry.STATE_FILE);
        ObjectMapper json = new ObjectMapper();
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> torn = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!done.get() && torn.get() == null) {
                try {
                    JsonNode node = json.readTree(Files.readAllBytes(state));
                    assertThat(node.get("format").asText()).isEqualTo("topowatch-registry/1");
                    new ModelRegistry(root).promoted().orElseThrow();
                    reads.incrementAndGet();
                } catch (Throwable t) {
                    torn.set(t);
                }
            }
        });
        reader.start();
        for (int i = 0; i < 40; i++) {
            registry.promote("b-1.0");
            registry.rollback();
        }
        done.set(true);
        reader.join();

        assertThat(torn.get()).as("a reader saw a partial state file").isNull();
        assertThat(reads.get()).isPositive();
        assertThat(registry.history()).hasSize(81);
        assertThat(leftovers()).as("no temporary files are left behind").isEmpty();
    }

    @Test
    void anUnreadableStateFileIsAClearError() throws Exception {
        Files.writeString(root.resolve(ModelRegistry.STATE_FILE), "{\"format\": \"topowatch-regis");
        assertThatThrownBy(() -> registry.list()).hasMessageContaining("registry state")
                .hasMessageContaining("unreadable");
    }

    @Test
    void rootSettingsExpandTheHomeFolder() {
        assertThat(ModelRegistry.root("")).isEqualTo(ModelRegistry.defaultRoot());
        assertThat(ModelRegistry.defaultRoot()).isEqualTo(Path.of(System.getProperty("user.home"), ".topowatch", "models"));
        assertThat(ModelRegistry.root("~/reg")).isEqualTo(Path.of(System.getProperty("user.home"), "reg"));
        assertThat(ModelRegistry.root("/srv/models")).isEqualTo(Path.of("/srv/models"));
    }

    /** Anything in the root besides the state file, the lock and version folders. */
    private List<Path> leftovers() throws Exception {
        try (Stream<Path> files = Files.list(root)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return !n.equals(ModelRegistry.STATE_FILE) && !n.equals(ModelRegistry.LOCK_FILE) && !Files.isDirectory(p)
                        || n.startsWith(".") && Files.isDirectory(p);
            }).toList();
        }
    }
}
