package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard parses and asks only for dashboard meters that exist under those names. */
class GrafanaDashboardTest {

    @Test
    void everyDashboardMetricItQueriesIsOneTheDashboardExposes() throws Exception {
        String text = Files.readString(Path.of("dashboards/grafana/topowatch.json"));
        JsonObject dashboard = new JsonObject(text);
        assertThat(dashboard.getString("uid")).isEqualTo("topowatch");
        assertThat(dashboard.getJsonArray("panels")).isNotEmpty();

        Set<String> queried = new TreeSet<>();
        Matcher m = Pattern.compile("topowatch_dashboard_[a-z_]+").matcher(text);
        while (m.find()) {
            queried.add(m.group());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DashboardMetrics metrics = new DashboardMetrics(registry);
        metrics.sent();
        metrics.dropped("slow");
        metrics.record("t");
        metrics.rejected("t");
        String scrape = registry.scrape();
        assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(scrape).contains(name));
    }
}
