package io.proofmesh.app;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.settler.service.SettlerService;
import io.proofmesh.settler.service.SettlerSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "settler",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Settle every closed epoch on-chain and serve the rewards API, until Ctrl-C.",
            "",
            "Waits until epochs.closed holds a marker from every partition for an epoch, reads its",
            "scores (checked against each marker's scoresDigest), splits the epoch's emission by the",
            "policy (largest remainder, exact to the base unit; no eligible node: carried to the next",
            "epoch), builds the Merkle tree over cumulative amounts and commits rewards.entries and",
            "the rewards.batches header in one Kafka transaction. Then it signs the postRoot",
            "transaction, commits PENDING (nonce, raw tx) to rewards.settlements, broadcasts it and",
            "records CONFIRMED (block, gas) once mined with --confirmations blocks. After a crash it",
            "resumes from the topics: the same raw transaction is sent again, a root already on-chain",
            "is not posted twice, and a different root on-chain stops it with an ALARM.",
            "",
            "The signing key comes from PROOFMESH_SETTLER_KEY or --key-file (never a flag value), or",
            "a remote signer answering eth_signTransaction (--signer-url + --signer-address, e.g.",
            "web3signer or Clef). /health, /metrics and the rewards API on --http-port (default 8083).",
        },
        footer = {"", "Examples:",
            "  proofmesh settler --distributor 0x… --key-file /run/secrets/settler.key",
            "  proofmesh settler --distributor 0x… --signer-url http://web3signer:9000 --signer-address 0x…",
            "  (`proofmesh dev` deploys the dev contracts and prints the address and the dev key file)"})
final class SettlerCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Port of /health, /metrics and the rewards API (default 8083).")
    Integer httpPort;

    @Option(names = "--distributor", paramLabel = "ADDRESS", description = "RewardDistributor contract address (0x…).")
    String distributor;

    @Option(names = "--key-file", paramLabel = "FILE", description = "File with the settler's hex private key.")
    Path keyFile;

    @Option(names = "--signer-url", paramLabel = "URL", description = "Remote signer (eth_signTransaction) instead of a key.")
    String signerUrl;

    @Option(names = "--signer-address", paramLabel = "ADDRESS", description = "Account the remote signer signs for.")
    String signerAddress;

    @Option(names = "--confirmations", paramLabel = "N", description = "Blocks on top before CONFIRMED (default 1).")
    Integer confirmations;

    @Override
    public Integer call() throws Exception {
        Map<String, String> flags = new TreeMap<>();
        ServiceLauncher.put(flags, "http.port", httpPort);
        ServiceLauncher.put(flags, SettlerSettings.DISTRIBUTOR, distributor);
        ServiceLauncher.put(flags, SettlerSettings.KEY_FILE, keyFile);
        ServiceLauncher.put(flags, SettlerSettings.SIGNER_URL, signerUrl);
        ServiceLauncher.put(flags, SettlerSettings.SIGNER_ADDRESS, signerAddress);
        ServiceLauncher.put(flags, SettlerSettings.CONFIRMATIONS, confirmations);
        Settings settings = config.settings(SettlerSettings.DEFAULTS, connection).with(flags);
        return ServiceLauncher.runUntilStopped("settler", "the settler", settings, SettlerService::start);
    }
}
