package io.proofmesh.streams.scorer;

import io.proofmesh.schemas.telemetry.EventKind;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Where a node event came from and which epoch it belongs to: what lateness and dedupe need. */
record NodeEvent(EventKind kind, String nodeId, long epoch, Long seq, Integer eventIndex, String topic, int partition,
                 long offset, long appendTime) {

    static NodeEvent of(io.proofmesh.scoring.ledger.LedgerEvent e, RecordMetadata meta, long appendTime) {
        return of(e.kind(), e.nodeId(), e.epoch(), e.seq(), e.eventIndex(), meta, appendTime);
    }

    static NodeEvent of(EventKind kind, String nodeId, long epoch, Long seq, Integer eventIndex, RecordMetadata meta,
                        long appendTime) {
        return new NodeEvent(kind, nodeId, epoch, seq, eventIndex, meta.topic(), meta.partition(), meta.offset(), appendTime);
    }
}
