package io.proofmesh.simulator.agent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to send the same bytes again. 429 and 503 carry Retry-After (PROTOCOL.md §4.1), which
 * the agent honours (never earlier; a little jitter later so a fleet does not return in one
 * burst); connection failures back off exponentially. Bounded by attempts and by a deadline
 * from the first attempt.
 */
public record RetryPolicy(int maxAttempts, Duration deadline, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(30, Duration.ofMinutes(2), Duration.ofMillis(200),
            Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}, or empty when no further attempt is allowed.
     *
     * @param attempt    attempts made so far (1 after the first)
     * @param retryAfter the Retry-After header's value, if any
     * @param elapsed    time since the first attempt
     */
    public Optional<Duration> nextDelay(int attempt, Optional<String> retryAfter, Duration elapsed) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        Duration wait = retryAfter.flatMap(RetryPolicy::seconds)
                .map(s -> s.plusMillis(ThreadLocalRandom.current().nextLong(0, 250)))
                .orElseGet(() -> backoff(attempt));
        if (elapsed.plus(wait).compareTo(deadline) > 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    /** Exponential from initialBackoff, capped at maxBackoff, with "equal jitter" (half fixed, half random). */
    Duration backoff(int attempt) {
        long base = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(0, half + 1));
    }

    /** Retry-After in delta-seconds (RFC 9110); an HTTP-date or garbage is ignored (the backoff applies). */
    static Optional<Duration> seconds(String header) {
        try {
            long s = Long.parseLong(header.trim());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(Math.min(s, 3600)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
