package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

    @Test
    void defaults() {
        DashboardConfig config = DashboardConfig.fromJson(new JsonObject().put("token", "t"));
        assertThat(config).isEqualTo(new DashboardConfig("0.0.0.0", 0, "t", 2000));
        assertThat(new DashboardConfig(8080, "t")).isEqualTo(new DashboardConfig("0.0.0.0", 8080, "t", 2000));
        assertThat(new DashboardConfig(null, 0, "t", 1).host()).isEqualTo("0.0.0.0");
    }

    @Test
    void jsonRoundTrip() {
        DashboardConfig config = new DashboardConfig("127.0.0.1", 8088, "secret", 50);
        assertThat(DashboardConfig.fromJson(config.toJson())).isEqualTo(config);
    }

    @Test
    void tokenIsRequired() {
        assertThatThrownBy(() -> new DashboardConfig(0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DashboardConfig(0, " \t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DashboardConfig.fromJson(new JsonObject())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsBadNumbers() {
        assertThatThrownBy(() -> new DashboardConfig("h", -1, "t", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DashboardConfig("h", 65536, "t", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DashboardConfig("h", 0, "t", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesToken() {
        assertThat(new DashboardConfig(0, "very-secret")).asString().doesNotContain("very-secret");
    }

    @Test
    void bearerHeaderParsing() {
        assertThat(DashboardVerticle.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(DashboardVerticle.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(DashboardVerticle.bearer("Basic abc")).isNull();
        assertThat(DashboardVerticle.bearer("Bearer ")).isNull();
        assertThat(DashboardVerticle.bearer(null)).isNull();
    }
}
