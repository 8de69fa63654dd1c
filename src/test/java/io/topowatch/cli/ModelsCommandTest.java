package io.topowatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.topowatch.model.ModelArtifact;
import io.topowatch.model.ModelRegistry;
import io.topowatch.model.RegistryFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static ModelArtifact one;
    private static ModelArtifact two;
    private static Path oneDir;
    private static Path twoDir;
    private String registry;

    @BeforeAll
    static void artifacts() throws Exception {
        one = RegistryFixtures.untrained("tn-1", 21);
        two = RegistryFixtures.untrained("tn-2", 22);
        oneDir = shared.resolve("one");
        twoDir = shared.resolve("two");
        one.save(oneDir);
        two.save(twoDir);
    }

    @BeforeEach
    void emptyRegistry() {
        registry = dir.resolve("registry").toString();
    }

    private CliRun models(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "models";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--registry";
        all[args.length + 2] = registry;
        return CliRun.of(all);
    }

    @Test
    void registerListPromoteAndRollBack() throws Exception {
        assertThat(models("list").out()).contains("no models registered in");
        CliRun reg = models("register", oneDir.toString());
        assertThat(reg.exitCode()).as(reg.toString()).isZero();
        assertThat(reg.out()).contains("registered tn-1 (parameters sha256 " + one.parametersSha256() + ")");
        assertThat(models("register", oneDir.toString()).out()).contains("tn-1 is already registered with identical files");
        assertThat(models("register", twoDir.toString()).exitCode()).isZero();

        CliRun promote = models("promote", "tn-1");
        assertThat(promote.exitCode()).as(promote.toString()).isZero();
        assertThat(promote.out()).contains("promoted tn-1\n")
                .contains("registry folder updated only: no --bootstrap-servers, so topowatch.models was not told");
        assertThat(models("promote", "tn-2").out()).contains("promoted tn-2 (was tn-1)");
        assertThat(models("promote", "tn-2").out()).contains("tn-2 was already the promoted model");

        CliRun table = models("list");
        assertThat(table.out()).containsPattern("(?m)^\\* tn-2 +2025-01-01 00:00:00 .* " + two.parametersSha256().substring(0, 12)
                + " +0\\.5000 +-$").containsPattern("(?m)^  tn-1 ");

        CliRun rollback = models("rollback");
        assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
        assertThat(rollback.out()).contains("rolled back from tn-2 to tn-1").contains("registry folder updated only");

        JsonNode json = new ObjectMapper().readTree(models("list", "--json").out());
        assertThat(json.get("promoted").asText()).isEqualTo("tn-1");
        assertThat(json.get("registry").asText()).isEqualTo(Path.of(registry).toAbsolutePath().toString());
        assertThat(json.get("models")).hasSize(2);
        assertThat(json.get("models").get(0).get("version").asText()).isEqualTo("tn-1");
        assertThat(json.get("models").get(0).get("promoted").asBoolean()).isTrue();
        assertThat(json.get("models").get(0).get("parametersSha256").asText()).isEqualTo(one.parametersSha256());
        assertThat(json.get("history")).hasSize(3);
        assertThat(json.get("history").get(2).get("action").asText()).isEqualTo("rollback");
        assertThat(json.get("history").get(2).get("previous").asText()).isEqualTo("tn-2");
    }

    @Test
    void errorsAreOneLineWithTheQualifiedCommandName() throws Exception {
        CliRun nothing = models("rollback");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err().strip()).startsWith("topowatch models rollback: error: nothing to roll back: no model has "
                + "been promoted").doesNotContain("\n");

        CliRun unknown = models("promote", "tn-9");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().strip()).startsWith("topowatch models promote: error: unknown model version 'tn-9'");

        CliRun missing = models("register", dir.resolve("nowhere").toString());
        assertThat(missing.err().strip()).isEqualTo("topowatch models register: error: model artifact folder not found: "
                + dir.resolve("nowhere"));

        models("register", oneDir.toString());
        Path impostor = dir.resolve("impostor");
        RegistryFixtures.renamed(two, "tn-1").save(impostor);
        CliRun clash = models("register", impostor.toString());
        assertThat(clash.exitCode()).isEqualTo(1);
        assertThat(clash.err().strip()).startsWith("topowatch models register: error: model version tn-1 is already "
                + "registered").contains("give it a new version").doesNotContain("\n");
    }

    @Test
    void promoteRefusesATamperedArtifact() throws Exception {
        models("register", oneDir.toString());
        RegistryFixtures.tamper(Path.of(registry).resolve("tn-1"));

        CliRun r = models("promote", "tn-1");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("topowatch models promote: error: model artifact file '"
                + ModelArtifact.PARAMS_FILE + "'").contains("SHA-256").doesNotContain("\n");
        assertThat(new ModelRegistry(Path.of(registry)).promoted()).isEmpty();
    }

    @Test
    void theRegistryFolderComesFromTheConfigWhenNotGiven() throws Exception {
        Path config = dir.resolve("tw.properties");
        java.nio.file.Files.writeString(config, "model.registry=" + registry + "\n");
        CliRun reg = CliRun.of("models", "register", oneDir.toString(), "--config", config.toString());
        assertThat(reg.exitCode()).as(reg.toString()).isZero();
        assertThat(new ModelRegistry(Path.of(registry)).list()).extracting(ModelRegistry.Entry::version).containsExactly("tn-1");
    }
}
