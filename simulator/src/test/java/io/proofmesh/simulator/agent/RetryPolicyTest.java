package io.proofmesh.simulator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void retryAfterIsHonouredNeverEarlierAndOnlySlightlyLater() {
        for (int i = 0; i < 50; i++) {
            Duration d = policy.nextDelay(1, Optional.of("2"), Duration.ZERO).orElseThrow();
            assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2250));
        }
    }

    @Test
    void withoutRetryAfterTheBackoffGrowsAndIsCapped() {
        assertThat(policy.nextDelay(1, Optional.empty(), Duration.ZERO).orElseThrow()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(policy.nextDelay(3, Optional.empty(), Duration.ZERO).orElseThrow()).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(new RetryPolicy(40, Duration.ofHours(1), Duration.ofMillis(200), Duration.ofSeconds(5))
                .nextDelay(30, Optional.empty(), Duration.ZERO).orElseThrow()).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
    }

    @Test
    void garbageRetryAfterFallsBackToTheBackoff() {
        assertThat(policy.nextDelay(1, Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"), Duration.ZERO).orElseThrow())
                .isLessThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void attemptsAndTheDeadlineBoundTheRetries() {
        assertThat(policy.nextDelay(5, Optional.of("1"), Duration.ZERO)).isEmpty();
        assertThat(policy.nextDelay(2, Optional.of("2"), Duration.ofSeconds(29))).isEmpty();
        assertThat(policy.nextDelay(2, Optional.of("2"), Duration.ofSeconds(20))).isPresent();
    }
}
