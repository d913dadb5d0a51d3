package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimitHandlerTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void tryTake_withinBurst_passes_thenWaitsForTheRefill() {
        RateLimitHandler.TokenBucket bucket = new RateLimitHandler.TokenBucket(2, 3, 0);
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        assertThat(bucket.tryTake(0)).isZero();
        // empty: one token comes back after half a second at 2 per second
        assertThat(bucket.tryTake(0)).isEqualTo(SECOND / 2);
        assertThat(bucket.tryTake(SECOND / 4)).isEqualTo(SECOND / 4);
        assertThat(bucket.tryTake(SECOND / 2)).isZero();
    }

    @Test
    void tryTake_afterALongIdle_refillsOnlyUpToTheBurst() {
        RateLimitHandler.TokenBucket bucket = new RateLimitHandler.TokenBucket(1000, 2, 0);
        long later = 3600 * SECOND;
        assertThat(bucket.tryTake(later)).isZero();
        assertThat(bucket.tryTake(later)).isZero();
        assertThat(bucket.tryTake(later)).isPositive();
    }

    @Test
    void tryTake_clockGoingBack_addsNoTokens() {
        RateLimitHandler.TokenBucket bucket = new RateLimitHandler.TokenBucket(1, 1, SECOND);
        assertThat(bucket.tryTake(SECOND)).isZero();
        assertThat(bucket.tryTake(0)).isPositive();
    }
}
