package io.proofmesh.simulator.fleet;

import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.simulator.agent.RetryPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fleet run.
 *
 * @param nodes                   how many nodes
 * @param duration                how long the nodes send telemetry (after registration)
 * @param mix                     profile shares
 * @param seed                    key seed: the same seed gives the same nodes
 * @param ingestUrl               ingest's base URL
 * @param adminToken              ingest's admin bearer token (registration)
 * @param domain                  the signing domain ingest serves
 * @param probeHost               where the probe server binds and what the probe URLs name
 * @param probePort               0 = a free port
 * @param heartbeatInterval       each node sends a heartbeat this often (phases spread over the interval)
 * @param capacityEvery           a capacity report rides along every n-th heartbeat (and the first)
 * @param slowProbeDelay          how long SLOW nodes take to answer a probe
 * @param expectedIngestAddress   if given, receipts must be signed by this address
 * @param receiptsFile            if given, receipts are appended there as JSON lines
 * @param registrationConcurrency admin calls in parallel
 * @param maxInFlight             telemetry requests in parallel, whole fleet
 * @param progressEvery           progress line interval
 * @param retry                   the agents' retry policy
 */
public record FleetConfig(int nodes, Duration duration, ProfileMix mix, long seed, String ingestUrl, String adminToken,
                          SigningDomain domain, String probeHost, int probePort, Duration heartbeatInterval,
                          int capacityEvery, Duration slowProbeDelay, Optional<String> expectedIngestAddress,
                          Optional<Path> receiptsFile, int registrationConcurrency, int maxInFlight, Duration progressEvery,
                          RetryPolicy retry) {

    public FleetConfig {
        Objects.requireNonNull(ingestUrl, "ingestUrl");
        Objects.requireNonNull(adminToken, "adminToken");
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1");
        }
        if (duration.isNegative() || heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0 and the heartbeat interval > 0");
        }
    }

    /** The defaults for everything but the essentials. */
    public static FleetConfig of(int nodes, Duration duration, String ingestUrl, String adminToken) {
        return new FleetConfig(nodes, duration, ProfileMix.parse(ProfileMix.DEFAULT), 1, ingestUrl, adminToken,
                SigningDomain.DEVNET, "127.0.0.1", 0, Duration.ofSeconds(5), 5, Duration.ofMillis(1500), Optional.empty(),
                Optional.empty(), 16, 64, Duration.ofSeconds(5), RetryPolicy.DEFAULT);
    }

    public FleetConfig withMix(ProfileMix m) {
        return new FleetConfig(nodes, duration, m, seed, ingestUrl, adminToken, domain, probeHost, probePort, heartbeatInterval,
                capacityEvery, slowProbeDelay, expectedIngestAddress, receiptsFile, registrationConcurrency, maxInFlight,
                progressEvery, retry);
    }

    public FleetConfig withSeed(long s) {
        return new FleetConfig(nodes, duration, mix, s, ingestUrl, adminToken, domain, probeHost, probePort, heartbeatInterval,
                capacityEvery, slowProbeDelay, expectedIngestAddress, receiptsFile, registrationConcurrency, maxInFlight,
                progressEvery, retry);
    }

    public FleetConfig withHeartbeatInterval(Duration d) {
        return new FleetConfig(nodes, duration, mix, seed, ingestUrl, adminToken, domain, probeHost, probePort, d,
                capacityEvery, slowProbeDelay, expectedIngestAddress, receiptsFile, registrationConcurrency, maxInFlight,
                progressEvery, retry);
    }

    public FleetConfig withProbe(String host, int port) {
        return new FleetConfig(nodes, duration, mix, seed, ingestUrl, adminToken, domain, host, port, heartbeatInterval,
                capacityEvery, slowProbeDelay, expectedIngestAddress, receiptsFile, registrationConcurrency, maxInFlight,
                progressEvery, retry);
    }

    public FleetConfig withDomain(SigningDomain d) {
        return new FleetConfig(nodes, duration, mix, seed, ingestUrl, adminToken, d, probeHost, probePort, heartbeatInterval,
                capacityEvery, slowProbeDelay, expectedIngestAddress, receiptsFile, registrationConcurrency, maxInFlight,
                progressEvery, retry);
    }

    public FleetConfig withExpectedIngestAddress(Optional<String> a) {
        return new FleetConfig(nodes, duration, mix, seed, ingestUrl, adminToken, domain, probeHost, probePort, heartbeatInterval,
                capacityEvery, slowProbeDelay, a, receiptsFile, registrationConcurrency, maxInFlight, progressEvery, retry);
    }

    public FleetConfig withReceiptsFile(Optional<Path> f) {
        return new FleetConfig(nodes, duration, mix, seed, ingestUrl, adminToken, domain, probeHost, probePort, heartbeatInterval,
                capacityEvery, slowProbeDelay, expectedIngestAddress, f, registrationConcurrency, maxInFlight, progressEvery, retry);
    }

    public FleetConfig withProgressEvery(Duration d) {
        return new FleetConfig(nodes, duration, mix, seed, ingestUrl, adminToken, domain, probeHost, probePort, heartbeatInterval,
                capacityEvery, slowProbeDelay, expectedIngestAddress, receiptsFile, registrationConcurrency, maxInFlight, d, retry);
    }
}
