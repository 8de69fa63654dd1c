package io.topowatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

    private static final String UP = "trivial->topological";

    @Test
    void globs() {
        assertThat(Glob.of("exp-1*").matches("exp-1")).isTrue();
        assertThat(Glob.of("exp-1*").matches("exp-123")).isTrue();
        assertThat(Glob.of("exp-1*").matches("xexp-1")).isFalse();
        assertThat(Glob.of("exp-?").matches("exp-7")).isTrue();
        assertThat(Glob.of("exp-?").matches("exp-77")).isFalse();
        assertThat(Glob.of("a.b").matches("axb")).isFalse(); // regex characters are literal
        assertThat(Glob.of("*").matches("anything")).isTrue();
        assertThatThrownBy(() -> Glob.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storedFormRoundTripsWithTheSecretAndHidesItOtherwise() {
        Subscription s = Subscription.fromJson(new JsonObject().put("experimentPattern", "exp-*")
                .put("transitions", List.of(UP)).put("minConfidence", 0.5)
                .put("delivery", new JsonObject().put("type", "webhook").put("url", "https://h.example/x")),
                true, "2026-11-21T10:00:00Z");
        assertThat(s.id()).startsWith("sub-");
        assertThat(s.delivery().secret()).hasSizeGreaterThanOrEqualTo(16);
        Subscription back = Subscription.fromJson(s.toJson(true), false, null);
        assertThat(back).isEqualTo(s);
        assertThat(s.toJson(false).encode()).doesNotContain(s.delivery().secret());
        assertThat(s.toString()).doesNotContain(s.delivery().secret());
        // a stored record must carry its id and secret
        JsonObject noSecret = s.toJson(true);
        noSecret.getJsonObject("delivery").remove("secret");
        assertThatThrownBy(() -> Subscription.fromJson(noSecret, false, null)).hasMessageContaining("secret");
    }

    @Test
    void wantsMatchesPatternTransitionAndConfidence() {
        Subscription s = Subscription.fromJson(new JsonObject().put("id", "a").put("experimentPattern", "exp-?")
                .put("transitions", List.of(UP)).put("minConfidence", 0.8)
                .put("delivery", new JsonObject().put("type", "websocket")), true, "t");
        JsonObject alarm = new JsonObject().put("experiment", "exp-1").put("direction", UP).put("confidence", 0.8);
        assertThat(s.wants(alarm)).isTrue();
        assertThat(s.wants(alarm.copy().put("confidence", 0.79))).isFalse();
        assertThat(s.wants(alarm.copy().put("direction", "topological->trivial"))).isFalse();
        assertThat(s.wants(alarm.copy().put("experiment", "exp-12"))).isFalse();
        Subscription both = Subscription.fromJson(new JsonObject().put("id", "b").put("experimentPattern", "*")
                .put("delivery", new JsonObject().put("type", "websocket")), true, "t");
        assertThat(both.wants(alarm.copy().put("direction", "topological->trivial"))).isTrue();
    }

    @Test
    void bookAppliesTheCompactedTopic() {
        SubscriptionBook book = new SubscriptionBook();
        Subscription s = Subscription.fromJson(new JsonObject().put("id", "a").put("experimentPattern", "*")
                .put("delivery", new JsonObject().put("type", "kafka").put("topic", "out")), true, "t");
        book.apply("a", s.toJson(true).encode());
        book.apply("b", "{not json");
        book.apply("c", s.toJson(true).encode()); // key and id disagree: skipped
        assertThat(book.all()).containsExactly(s);
        book.apply("a", null);
        assertThat(book.all()).isEmpty();
    }

    @Test
    void webhookSignatureIsHexHmacSha256OfTheBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(WebhookSender.signature("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void backOffDoublesUpToItsCap() {
        WebhookSender.Retry r = new WebhookSender.Retry(6, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        assertThat(List.of(r.backoffMillis(1), r.backoffMillis(2), r.backoffMillis(3), r.backoffMillis(4)))
                .containsExactly(1000L, 2000L, 4000L, 5000L);
    }
}
