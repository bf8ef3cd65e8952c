package io.recorder.local;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway usage-plan emulation per API key: a token bucket (rate + burst) answered with 429 "Too
 * Many Requests", and a daily quota answered with 429 "Limit Exceeded", as API Gateway does.
 */
final class UsagePlan {
    enum Verdict { ALLOWED, THROTTLED, QUOTA_EXCEEDED }

    private final double ratePerSecond;
    private final int burst;
    private final long dailyQuota;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
        LocalDate day;
        long usedToday;
    }

    UsagePlan(double ratePerSecond, int burst, long dailyQuota, Clock clock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.dailyQuota = dailyQuota;
        this.clock = clock;
    }

    Verdict admit(String apiKeyId, long nowNanos) {
        Bucket bucket = buckets.computeIfAbsent(apiKeyId, id -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.lastNanos = nowNanos;
            return fresh;
        });
        synchronized (bucket) {
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            if (!today.equals(bucket.day)) {
                bucket.day = today;
                bucket.usedToday = 0;
            }
            if (bucket.usedToday >= dailyQuota) {
                return Verdict.QUOTA_EXCEEDED;
            }
            double elapsedSeconds = (nowNanos - bucket.lastNanos) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * ratePerSecond);
            bucket.lastNanos = nowNanos;
            if (bucket.tokens < 1) {
                return Verdict.THROTTLED;
            }
            bucket.tokens -= 1;
            bucket.usedToday++;
            return Verdict.ALLOWED;
        }
    }
}
