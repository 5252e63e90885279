package io.proofmesh.ingest.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Token buckets keyed by a string: the source address for check 1 and the verified nodeId for
 * check 13 of PROTOCOL.md §4 (keying by nodeId only after the signature is verified is what stops
 * an attacker from spending someone else's node budget).
 *
 * <p>Each bucket is one {@code long}, its "theoretical arrival time" (GCRA, the integer form of a
 * token bucket): every permit pushes it {@code interval} nanos further; a request is allowed while
 * it stays within {@code burst × interval} of now. That keeps a bucket small, exact (no floating
 * token drift) and trivially "full" when the TAT is not in the future.
 *
 * <p>Time is a {@link LongSupplier} of nanos. Prefer a monotonic source ({@link System#nanoTime()},
 * the three-argument constructor): with a wall {@link Clock} a step forward hands out up to one
 * burst early and a step back throttles for as long as the step. Tests pass a fake either way.
 *
 * <p><b>Memory.</b> When a new key pushes the map above {@code maxKeys}, one thread sweeps it down
 * to 7/8 of {@code maxKeys} (the slack amortises the sweep over many new keys, so a flood of
 * fresh addresses costs O(log n) per key, not O(n)). Full buckets go first — a full bucket is the
 * same as no bucket, so nothing is lost. If that is not enough, the buckets nearest to full are
 * evicted next: evicting a bucket forgives its remaining debt, and those forgive the least, while
 * keys that are actively being throttled (deepest in debt) are kept. A new key is never refused
 * for lack of room; eviction errs towards letting a request through, which is the right failure
 * mode for a limiter whose purpose is load shedding. The bound is soft: requests inserting keys
 * while a sweep runs may briefly overshoot it.
 */
public final class RateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Keeps {@code now + tolerance} far from overflow; about 36 years of burst. */
    private static final long MAX_TOLERANCE_NANOS = Long.MAX_VALUE / 256;

    /** The answer for one request; {@code retryAfter} is zero when allowed. */
    public record Decision(boolean allowed, Duration retryAfter) {

        static final Decision ALLOWED = new Decision(true, Duration.ZERO);

        public Decision {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /**
         * Whole seconds for the HTTP {@code Retry-After} header: rounded up, and at least 1 when
         * denied, because "0" would invite an immediate retry that is certain to fail.
         */
        public long retryAfterSeconds() {
            if (allowed) {
                return 0;
            }
            long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
            return Math.max(1, seconds);
        }
    }

    /** Mutable state of one key; guarded by its own monitor so keys never contend with each other. */
    private static final class Bucket {
        /** Theoretical arrival time in nanos; volatile only so the sweeper can read it without the lock. */
        volatile long tat;
        /** Set under the lock when the sweeper removes the bucket; a holder must then start over. */
        boolean evicted;

        Bucket(long now) {
            this.tat = now;
        }
    }

    private final boolean unlimited;
    private final long interval;
    private final long tolerance;
    private final int maxKeys;
    private final int lowWater;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    public RateLimiter(double permitsPerSecond, int burst, int maxKeys) {
        this(permitsPerSecond, burst, maxKeys, System::nanoTime);
    }

    /**
     * Reads time from a wall clock, for callers that inject one {@code Clock} everywhere; see the
     * class comment for what clock steps do. Valid until the year 2262 (epoch nanos in a long).
     */
    public RateLimiter(double permitsPerSecond, int burst, int maxKeys, Clock clock) {
        this(permitsPerSecond, burst, maxKeys, epochNanos(Objects.requireNonNull(clock, "clock")));
    }

    /**
     * @param permitsPerSecond sustained rate per key; {@code <= 0} disables limiting entirely
     * @param burst            permits a full bucket holds (≥ 1 unless unlimited)
     * @param maxKeys          soft bound on tracked keys (≥ 1)
     * @param nanoTime         monotonic time source in nanoseconds
     */
    public RateLimiter(double permitsPerSecond, int burst, int maxKeys, LongSupplier nanoTime) {
        if (Double.isNaN(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be a number");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        }
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.maxKeys = maxKeys;
        this.lowWater = maxKeys - Math.max(1, maxKeys / 8);
        this.unlimited = permitsPerSecond <= 0;
        if (unlimited) {
            this.interval = 0;
            this.tolerance = 0;
            return;
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        double perPermit = NANOS_PER_SECOND / permitsPerSecond;
        if (perPermit * burst > MAX_TOLERANCE_NANOS) {
            throw new IllegalArgumentException("permitsPerSecond " + permitsPerSecond + " is too small");
        }
        // Rates above 1e9/s round to 1 ns per permit: indistinguishable from unlimited anyway.
        this.interval = Math.max(1, Math.round(perPermit));
        this.tolerance = interval * burst;
    }

    /** Spends one permit of {@code key} if it has one. Never blocks beyond the key's own monitor. */
    public Decision tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        if (unlimited) {
            return Decision.ALLOWED;
        }
        while (true) {
            Bucket bucket = buckets.get(key);
            boolean created = false;
            if (bucket == null) {
                Bucket fresh = new Bucket(nanoTime.getAsLong());
                bucket = buckets.putIfAbsent(key, fresh);
                if (bucket == null) {
                    bucket = fresh;
                    created = true;
                }
            }
            Decision decision;
            synchronized (bucket) {
                if (bucket.evicted) {
                    continue; // the sweeper removed it under us; a fresh bucket is the equivalent
                }
                // Read time under the lock so that, per key, time never runs backwards between
                // consecutive decisions; that keeps "allowed ≤ burst + rate × elapsed" exact.
                long now = nanoTime.getAsLong();
                long start = bucket.tat - now > 0 ? bucket.tat : now;
                long next = start + interval;
                long ahead = next - now;
                if (ahead <= tolerance) {
                    bucket.tat = next;
                    decision = Decision.ALLOWED;
                } else {
                    decision = new Decision(false, Duration.ofNanos(ahead - tolerance));
                }
            }
            // Sweep after spending, so the bucket just created carries a debt and is not the
            // first thing the sweep throws away.
            if (created) {
                sweepIfOverCapacity();
            }
            return decision;
        }
    }

    /** Number of keys currently tracked; for tests and metrics. */
    public int trackedKeys() {
        return buckets.size();
    }

    private static LongSupplier epochNanos(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * NANOS_PER_SECOND + now.getNano();
        };
    }

    private void sweepIfOverCapacity() {
        if (buckets.size() <= maxKeys || !sweeping.compareAndSet(false, true)) {
            return; // another thread is already sweeping; it will bring the size down
        }
        try {
            sweep();
        } finally {
            sweeping.set(false);
        }
    }

    private void sweep() {
        long now = nanoTime.getAsLong();
        buckets.forEach((key, bucket) -> evictIfWithin(key, bucket, now, 0));
        int excess = buckets.size() - lowWater;
        if (excess <= 0) {
            return;
        }
        // Debts relative to now (not raw TATs) so that ordering survives nanoTime wrap-around.
        long[] debts = buckets.values().stream().mapToLong(b -> b.tat - now).sorted().toArray();
        if (debts.length == 0) {
            return;
        }
        long cutoff = debts[Math.min(excess, debts.length) - 1];
        int removed = 0;
        for (var entry : buckets.entrySet()) {
            if (removed >= excess) {
                break;
            }
            if (evictIfWithin(entry.getKey(), entry.getValue(), now, cutoff)) {
                removed++;
            }
        }
    }

    /** Evicts the bucket if its debt is at most {@code maxDebt} nanos; rechecked under its lock. */
    private boolean evictIfWithin(String key, Bucket bucket, long now, long maxDebt) {
        synchronized (bucket) {
            if (bucket.evicted || bucket.tat - now > maxDebt) {
                return false;
            }
            bucket.evicted = true;
            buckets.remove(key, bucket);
            return true;
        }
    }
}
