package io.topowatch.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
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
    void toStringHidesTokens() {
        assertThat(new DashboardConfig(0, "very-secret")).asString().doesNotContain("very-secret");
        assertThat(TokenScopes.parse("tokA:exp-1*,tokB:*", null)).asString().doesNotContain("tokA").contains("exp-1*");
    }

    @Test
    void scopedTokensAndTheSingleTokenTogether() {
        TokenScopes scopes = TokenScopes.parse("tokA:exp-1*, tokA:exp-7 ,tokB:*", "legacy");
        assertThat(scopes.authenticate("legacy").all()).isTrue();
        assertThat(scopes.authenticate("tokB").all()).isTrue();
        TokenScopes.Scope a = scopes.authenticate("tokA");
        assertThat(a.all()).isFalse();
        assertThat(a.allows("exp-12")).isTrue();
        assertThat(a.allows("exp-7")).isTrue();
        assertThat(a.allows("exp-70")).isFalse();
        assertThat(a.allows("exp-2")).isFalse();
        assertThat(scopes.authenticate("tokC")).isNull();
        assertThat(scopes.authenticate(null)).isNull();
        assertThat(TokenScopes.parse(scopes.spec(), null)).isEqualTo(scopes);
        assertThatThrownBy(() -> TokenScopes.parse("tokA", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("tokA");
        assertThatThrownBy(() -> TokenScopes.parse("", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopeCoversSubscriptionPatternsConservatively() {
        TokenScopes.Scope a = TokenScopes.parse("a:exp-1*,a:exp-7", null).authenticate("a");
        assertThat(a.covers(io.topowatch.alert.Glob.of("exp-1*"))).isTrue();
        assertThat(a.covers(io.topowatch.alert.Glob.of("exp-12*"))).isTrue();
        assertThat(a.covers(io.topowatch.alert.Glob.of("exp-123"))).isTrue();
        assertThat(a.covers(io.topowatch.alert.Glob.of("exp-7"))).isTrue();
        assertThat(a.covers(io.topowatch.alert.Glob.of("exp-*"))).isFalse();
        assertThat(a.covers(io.topowatch.alert.Glob.of("*"))).isFalse();
        assertThat(a.covers(io.topowatch.alert.Glob.of("exp-7*"))).isFalse();
        assertThat(TokenScopes.Scope.ALL.covers(io.topowatch.alert.Glob.of("*"))).isTrue();
    }

    @Test
    void fromTopoWatchConfiguration() {
        var d = new io.topowatch.config.TopoWatchConfig.Dashboard("127.0.0.1", 9000, "", "tokA:exp-1*",
                "https://ops.example:8443, http://localhost:3000", "/etc/tw/cert.pem", "/etc/tw/key.pem", 30);
        DashboardConfig c = DashboardConfig.of(d, () -> "generated");
        assertThat(c.tokens().authenticate("generated")).isNull(); // tokens given: nothing generated
        assertThat(c.tokens().firstToken()).isEqualTo("tokA");
        assertThat(c.allowedOrigins()).containsExactly("https://ops.example:8443", "http://localhost:3000");
        assertThat(c.tls()).isEqualTo(new DashboardConfig.Tls("/etc/tw/cert.pem", "/etc/tw/key.pem"));
        assertThat(c.alertHoldOff()).hasSeconds(30);

        var plain = new io.topowatch.config.TopoWatchConfig.Dashboard("0.0.0.0", 8080, "");
        DashboardConfig g = DashboardConfig.of(plain, () -> "generated");
        assertThat(g.tokens().authenticate("generated").all()).isTrue();
        assertThat(g.tls()).isNull();
        assertThat(g.allowedOrigins()).isEmpty();

        var halfTls = new io.topowatch.config.TopoWatchConfig.Dashboard("0.0.0.0", 8080, "t", "", "", "/c.pem", "", 600);
        assertThatThrownBy(() -> DashboardConfig.of(halfTls, () -> "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tlsKeyPath");
    }

    @Test
    void fullJsonRoundTrip() {
        DashboardConfig config = new DashboardConfig("127.0.0.1", 8088, "secret", 50)
                .withTokens(TokenScopes.parse("a:exp-1*,b:*", null))
                .withAllowedOrigins(List.of("https://ops.example"))
                .withTls(new DashboardConfig.Tls("c.pem", "k.pem"))
                .withAlertHoldOff(java.time.Duration.ofSeconds(42))
                .withLimits(new DashboardConfig.Limits(1024, 5, 7, 4096, 100, 50, 10));
        assertThat(DashboardConfig.fromJson(config.toJson())).isEqualTo(config);
    }

    @Test
    void bearerHeaderParsing() {
        assertThat(ApiRouter.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(ApiRouter.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(ApiRouter.bearer("Basic abc")).isNull();
        assertThat(ApiRouter.bearer("Bearer ")).isNull();
        assertThat(ApiRouter.bearer(null)).isNull();
    }
}
