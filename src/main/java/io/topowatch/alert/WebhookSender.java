package io.topowatch.alert;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook: {@code POST url} with a JSON body signed by
 * {@code X-TopoWatch-Signature: sha256=<hex HMAC-SHA256(body, secret)>}, retried on any error or non-2xx answer
 * with exponential back-off ({@code initialBackoff}, doubled each time, at most {@code maxBackoff}) until
 * {@code maxAttempts} attempts. The body and {@code X-TopoWatch-Delivery} id are the same on every attempt,
 * so the receiver can de-duplicate; {@code X-TopoWatch-Attempt} counts from 1.
 */
public final class WebhookSender {

    public static final String SIGNATURE_HEADER = "X-TopoWatch-Signature";
    public static final String DELIVERY_HEADER = "X-TopoWatch-Delivery";
    public static final String ATTEMPT_HEADER = "X-TopoWatch-Attempt";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    /** Retry policy. */
    public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {

        public static final Retry DEFAULT =
                new Retry(6, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(10));

        public Retry {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be positive");
            }
            Objects.requireNonNull(initialBackoff);
            Objects.requireNonNull(maxBackoff);
            Objects.requireNonNull(requestTimeout);
        }

        /** Back-off before attempt {@code attempt + 1}, after attempt {@code attempt} (1-based) failed. */
        public long backoffMillis(int attempt) {
            double ms = initialBackoff.toMillis() * Math.pow(2, attempt - 1);
            return (long) Math.min(ms, maxBackoff.toMillis());
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final Retry retry;

    public WebhookSender(Vertx vertx, Retry retry) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.client = vertx.createHttpClient();
    }

    /** {@code sha256=} and the lower-case hex HMAC-SHA256 of {@code body} under {@code secret}. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JRE has HmacSHA256", e);
        }
    }

    /**
     * Sends {@code body} to {@code url}, retrying as configured.
     *
     * @return the number of the attempt that succeeded; fails after the last attempt failed
     */
    public Future<Integer> send(String url, String secret, String deliveryId, String body) {
        Buffer bytes = Buffer.buffer(body, "UTF-8");
        String sig = signature(secret, bytes.getBytes());
        Promise<Integer> result = Promise.promise();
        attempt(url, sig, deliveryId, bytes, 1, result);
        return result.future();
    }

    private void attempt(String url, String sig, String deliveryId, Buffer body, int n, Promise<Integer> result) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setTimeout(retry.requestTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader(SIGNATURE_HEADER, sig)
                .putHeader(DELIVERY_HEADER, deliveryId)
                .putHeader(ATTEMPT_HEADER, String.valueOf(n));
        // the response is read in send's own callback: a step later Vert.x 5 may have delivered its body already
        // (eclipse-vertx/vert.x#5825, #5904)
        client.request(options)
                .compose(req -> req.send(body).compose(this::requireSuccess))
                .onSuccess(ok -> result.complete(n))
                .onFailure(e -> {
                    if (n >= retry.maxAttempts()) {
                        LOG.warn("Webhook {} delivery {} failed after {} attempts: {}", url, deliveryId, n, e.toString());
                        result.fail(e);
                        return;
                    }
                    long delay = retry.backoffMillis(n);
                    LOG.info("Webhook {} delivery {} attempt {} failed ({}); retrying in {} ms", url, deliveryId, n,
                            e.getMessage(), delay);
                    vertx.setTimer(Math.max(1, delay), t -> attempt(url, sig, deliveryId, body, n + 1, result));
                });
    }

    private Future<Void> requireSuccess(HttpClientResponse response) {
        int status = response.statusCode();
        return response.body().compose(ignored -> status >= 200 && status < 300
                ? Future.succeededFuture()
                : Future.failedFuture("HTTP " + status));
    }

    public Future<Void> close() {
        return client.close();
    }
}
