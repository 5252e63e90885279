package io.proofmesh.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.ingest.service.RunningIngest;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.protocol.ProbeChallenge;
import io.proofmesh.platform.testing.DevStackTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fleets against a real ingest: every profile gets the answer it deserves; 10,000 nodes in one process. */
@DevStackTest
class FleetSimulatorIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static RunningIngest ingest;
    private static String url;

    @BeforeAll
    static void start(DevStack stack) throws Exception {
        // One source address (this JVM) speaks for the whole fleet: lift the per-source limit as a deployment would for a gateway.
        ingest = RunningIngest.start(stack, Map.of("ingest.rate.source-per-second", "100000", "ingest.rate.source-burst", "100000"));
        url = "http://127.0.0.1:" + ingest.service().port();
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    private static HttpResponse<byte[]> probe(String probeUrl, ProbeChallenge c) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(probeUrl)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.toRequestBody())).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static ProbeChallenge challenge(String nodeId) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return new ProbeChallenge("proofmesh-devnet", 31337, "prober-it", nodeId, nonce);
    }

    @Test
    void everyProfileGetsItsAnswerAndNothingForgedOrReplayedIsAccepted() throws Exception {
        FleetConfig cfg = FleetConfig.of(28, Duration.ofSeconds(14), url, RunningIngest.ADMIN_TOKEN)
                .withMix(ProfileMix.parse("honest=2,flaky=1,slow=1,replayer=1,forger=1,skewed=1"))
                .withSeed(RANDOM.nextLong()).withHeartbeatInterval(Duration.ofSeconds(2)).withProgressEvery(Duration.ofSeconds(5))
                .withExpectedIngestAddress(java.util.Optional.of(ingest.service().receiptAddress()));
        try (FleetSimulator fleet = FleetSimulator.prepare(cfg, m -> System.out.println("[fleet] " + m))) {
            // Probes: every node answers for itself with a valid signature; a slow node takes its delay without holding up others.
            SimulatedNode slow = fleet.nodes().stream().filter(n -> n.profile() == NodeProfile.SLOW).findFirst().orElseThrow();
            SimulatedNode honest = fleet.nodes().stream().filter(n -> n.profile() == NodeProfile.HONEST).findFirst().orElseThrow();
            long t0 = System.nanoTime();
            CompletableFuture<HttpResponse<byte[]>> slowAnswer = CompletableFuture.supplyAsync(() -> {
                try {
                    return probe(fleet.probes().urlFor(slow.nodeId()), challenge(slow.nodeId()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            ProbeChallenge hc = challenge(honest.nodeId());
            HttpResponse<byte[]> fast = probe(fleet.probes().urlFor(honest.nodeId()), hc);
            long fastDone = System.nanoTime() - t0;
            assertThat(fast.statusCode()).isEqualTo(200);
            assertThat(SignerRecoveries.best().recoverPersonalSigner(hc.signedMessage(), ProbeChallenge.parseAnswer(fast.body())))
                    .isEqualTo(honest.nodeId());
            assertThat(slowAnswer.get().statusCode()).isEqualTo(200);
            long slowDone = System.nanoTime() - t0;
            assertThat(Duration.ofNanos(slowDone)).isGreaterThanOrEqualTo(cfg.slowProbeDelay());
            assertThat(fastDone).isLessThan(slowDone);
            assertThat(probe(fleet.probes().urlFor(honest.nodeId()), challenge(slow.nodeId())).statusCode())
                    .as("a node must not sign a challenge for another node").isEqualTo(404);

            FleetReport report = fleet.run();
            report.print(System.out);

            FleetReport.Snapshot h = report.byProfile().get(NodeProfile.HONEST);
            assertThat(h.sentRequests()).isGreaterThanOrEqualTo(report.nodes().get(NodeProfile.HONEST) * 5L);
            assertThat(h.acceptedRequests()).isEqualTo(h.sentRequests());
            assertThat(h.rejectedByCode()).isEmpty();
            assertThat(h.acceptedEvents()).isGreaterThan(h.acceptedRequests()); // capacity reports ride along

            FleetReport.Snapshot f = report.byProfile().get(NodeProfile.FORGER);
            assertThat(f.rejectedByCode()).containsOnlyKeys("SIGNER_MISMATCH");
            assertThat(f.rejectedByCode().get("SIGNER_MISMATCH")).isEqualTo(f.sentRequests());
            assertThat(report.forgedSent()).isEqualTo(f.sentRequests()).isPositive();
            assertThat(report.forgedAccepted()).isZero();

            FleetReport.Snapshot r = report.byProfile().get(NodeProfile.REPLAYER);
            assertThat(Set.of("REPLAYED", "STALE_SEQ")).containsAll(r.rejectedByCode().keySet());
            assertThat(r.rejected()).isEqualTo(report.replaysSent()).isPositive();
            assertThat(report.replaysAccepted()).isZero();
            assertThat(r.acceptedRequests()).isEqualTo(r.sentRequests() - r.rejected());

            FleetReport.Snapshot s = report.byProfile().get(NodeProfile.SKEWED);
            assertThat(s.rejectedByCode()).containsOnlyKeys("CLOCK_SKEW");
            assertThat(s.rejectedByCode().get("CLOCK_SKEW")).isEqualTo(s.sentRequests()).isPositive();

            FleetReport.Snapshot fl = report.byProfile().get(NodeProfile.FLAKY);
            assertThat(report.missedHeartbeats()).isPositive();
            assertThat(fl.acceptedRequests()).isEqualTo(fl.sentRequests());
            assertThat(fl.sentRequests()).isLessThan(h.sentRequests() * report.nodes().get(NodeProfile.FLAKY)
                    / report.nodes().get(NodeProfile.HONEST));

            FleetReport.Snapshot sl = report.byProfile().get(NodeProfile.SLOW);
            assertThat(sl.acceptedRequests()).isEqualTo(sl.sentRequests()).isPositive();

            assertThat(report.clean()).isTrue();
            assertThat(report.total().invalidReceipts()).isZero();
            assertThat(fleet.receipts().size()).isEqualTo(report.total().acceptedRequests());

            // A rerun with the same seed finds every node registered as it is.
            FleetRegistrar.Result again = new FleetRegistrar(url, RunningIngest.ADMIN_TOKEN, 4)
                    .register(fleet.registrations(), m -> { });
            assertThat(again.unchanged()).isEqualTo(28);
            assertThat(again.created() + again.updated()).isZero();
        }
    }

    @Test
    void oneProcessRunsTenThousandNodesAndAnswersTheirProbes() throws Exception {
        int n = 10_000;
        // One heartbeat round of every node within 10 s (1,000 signed requests/s), signed by the nodes and verified by
        // ingest on the same 2 cores.
        FleetConfig cfg = FleetConfig.of(n, Duration.ofSeconds(11), url, RunningIngest.ADMIN_TOKEN)
                .withSeed(RANDOM.nextLong()).withHeartbeatInterval(Duration.ofSeconds(10)).withProgressEvery(Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        try (FleetSimulator fleet = FleetSimulator.prepare(cfg, m -> System.out.println("[fleet-10k] " + m))) {
            long prepared = System.nanoTime();
            List<SimulatedNode> sample = List.of(fleet.nodes().get(0), fleet.nodes().get(n / 2), fleet.nodes().get(n - 1));
            for (SimulatedNode node : sample) {
                ProbeChallenge c = challenge(node.nodeId());
                HttpResponse<byte[]> a = probe(fleet.probes().urlFor(node.nodeId()), c);
                assertThat(a.statusCode()).isEqualTo(200);
                assertThat(SignerRecoveries.best().recoverPersonalSigner(c.signedMessage(), ProbeChallenge.parseAnswer(a.body())))
                        .isEqualTo(node.nodeId());
            }
            FleetReport report = fleet.run();
            long done = System.nanoTime();
            report.print(System.out);
            System.out.printf("[fleet-10k] TIMING: prepare (keys + probe server + registration of %d nodes) %.1f s, "
                            + "sending %.1f s, whole run %.1f s; %d requests (%d events) sent, %d accepted%n",
                    n, (prepared - t0) / 1e9, (done - prepared) / 1e9, (done - t0) / 1e9, report.total().sentRequests(),
                    report.total().sentEvents(), report.total().acceptedRequests());

            FleetReport.Snapshot total = report.total();
            // Every node sent its first heartbeat (flaky ones too: they never miss the first); everything got a final answer.
            assertThat(total.sentRequests()).isGreaterThanOrEqualTo(n);
            assertThat(total.gaveUp()).isZero();
            FleetReport.Snapshot h = report.byProfile().get(NodeProfile.HONEST);
            assertThat(h.acceptedRequests()).isEqualTo(h.sentRequests()).isGreaterThanOrEqualTo(report.nodes().get(NodeProfile.HONEST));
            assertThat(report.forgedAccepted()).isZero();
            assertThat(report.clean()).isTrue();
        }
    }
}
