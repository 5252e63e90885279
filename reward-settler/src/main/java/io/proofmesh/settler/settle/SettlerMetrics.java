package io.proofmesh.settler.settle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/** The settler's Prometheus metrics ({@code proofmesh_settler_*}). */
public final class SettlerMetrics {

    private final Counter batches;
    private final Counter confirmed;
    private final Counter broadcasts;
    private final Counter rebroadcasts;
    private final Counter rpcRetries;
    private final Counter gasUsed;
    private final Timer buildTime;
    private final AtomicLong lastBatchEpoch = new AtomicLong(-1);
    private final AtomicLong lastConfirmedEpoch = new AtomicLong(-1);
    private final AtomicLong alarm = new AtomicLong();

    public SettlerMetrics(MeterRegistry r) {
        batches = Counter.builder("proofmesh_settler_batches").description("Epoch batches committed to rewards.batches").register(r);
        confirmed = Counter.builder("proofmesh_settler_confirmed").description("Epoch roots confirmed on-chain").register(r);
        broadcasts = Counter.builder("proofmesh_settler_broadcasts").description("Root transactions broadcast (first time)").register(r);
        rebroadcasts = Counter.builder("proofmesh_settler_rebroadcasts")
                .description("Recorded raw transactions sent again after a restart or a dropped mempool").register(r);
        rpcRetries = Counter.builder("proofmesh_settler_rpc_retries").description("Chain calls retried because the node was unreachable").register(r);
        gasUsed = Counter.builder("proofmesh_settler_gas_used").description("Gas used by confirmed root transactions").register(r);
        buildTime = Timer.builder("proofmesh_settler_batch_build").description("Time to allocate and build an epoch's tree").register(r);
        r.gauge("proofmesh_settler_last_batch_epoch", lastBatchEpoch);
        r.gauge("proofmesh_settler_last_confirmed_epoch", lastConfirmedEpoch);
        r.gauge("proofmesh_settler_alarm", alarm);
    }

    public void batch(long epoch) {
        batches.increment();
        lastBatchEpoch.set(epoch);
    }

    public void confirmed(long epoch, long gas) {
        confirmed.increment();
        gasUsed.increment(gas);
        lastConfirmedEpoch.set(epoch);
    }

    public void broadcast() {
        broadcasts.increment();
    }

    public void rebroadcast() {
        rebroadcasts.increment();
    }

    public void rpcRetry() {
        rpcRetries.increment();
    }

    public Timer buildTime() {
        return buildTime;
    }

    public void alarm() {
        alarm.set(1);
    }

    public long lastConfirmedEpoch() {
        return lastConfirmedEpoch.get();
    }
}
