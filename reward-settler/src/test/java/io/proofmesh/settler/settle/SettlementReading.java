package io.proofmesh.settler.settle;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.settler.ledger.RewardTopicsReader;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The reward topics of one test deployment (anvil's chain id 31337), read back as a finance user would. */
final class SettlementReading {

    private final RewardTopicsReader reader;

    SettlementReading(Settings settings, String distributor) {
        this.reader = new RewardTopicsReader(new KafkaClients(settings), new SchemaRegistryClient(settings.get("registry.url")),
                31337, distributor, Duration.ofSeconds(30));
    }

    List<RewardBatch> batches() {
        return reader.batches();
    }

    List<SettlementReceipt> receipts() {
        return reader.receipts();
    }

    List<RewardEntry> entries(long epoch, Set<String> nodes) {
        RewardBatch b = batches().stream().filter(x -> x.getEpoch() == epoch).findFirst().orElseThrow();
        return reader.entries(b).stream().filter(e -> nodes.contains(e.getNodeId())).toList();
    }
}
