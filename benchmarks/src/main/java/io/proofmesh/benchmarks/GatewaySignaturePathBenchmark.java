package io.proofmesh.benchmarks;

import io.proofmesh.ingest.protocol.EventMapper;
import io.proofmesh.ingest.protocol.ProtocolLimits;
import io.proofmesh.ingest.protocol.Receipt;
import io.proofmesh.ingest.protocol.ReceiptWriter;
import io.proofmesh.ingest.protocol.RejectedRequestException;
import io.proofmesh.ingest.protocol.SignedReceipt;
import io.proofmesh.platform.protocol.SigningDomain;
import io.proofmesh.ingest.protocol.TelemetryRequest;
import io.proofmesh.ingest.protocol.TelemetryRequestParser;
import io.proofmesh.ingest.protocol.TelemetryVerifier;
import io.proofmesh.ingest.protocol.VerifiedRequest;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.simulator.agent.NodeEvent;
import io.proofmesh.simulator.agent.TelemetryBody;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU ingest spends per request outside HTTP and Kafka: the stateless verification
 * (parse + structure/semantics + domain + skew + signature recovery) of a 1-event and a
 * 10-event heartbeat body, the parse alone (to split parse from recovery), the Avro mapping of
 * the events, and the signing of the 202 receipt — web3j (the old receipt signer) beside native
 * libsecp256k1 (the current one). Bodies are built by the agent's encoder and signed as nodes do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class GatewaySignaturePathBenchmark {

    private static final SigningDomain DOMAIN = new SigningDomain("proofmesh-devnet", 31337);
    private static final long NOW = 1_767_225_600_000L;

    private TelemetryVerifier verifier;
    private TelemetryRequestParser parser;
    private EventMapper mapper;
    private byte[] body1;
    private String header1;
    private byte[] body10;
    private String header10;
    private Instant receivedAt;
    private VerifiedRequest verified10;
    private Receipt receipt10;
    private ReceiptWriter nativeReceipts;
    private ReceiptWriter web3jReceipts;

    @Setup
    public void setUp() throws RejectedRequestException {
        parser = new TelemetryRequestParser(new ProtocolLimits(ProtocolLimits.DEFAULT_MAX_BODY_BYTES));
        verifier = new TelemetryVerifier(DOMAIN, Duration.ofMinutes(5), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                SignerRecoveries.best(), parser);
        mapper = new EventMapper("ingest-bench");
        receivedAt = Instant.ofEpochMilli(NOW);
        MessageSigner node = MessageSigner.generate();
        body1 = body(node, 1);
        header1 = "0x" + HexFormat.of().formatHex(node.signPersonal(body1));
        body10 = body(node, 10);
        header10 = "0x" + HexFormat.of().formatHex(node.signPersonal(body10));
        verified10 = verifier.verify(body10, header10, receivedAt);
        MessageSigner ingestKey = MessageSigner.generate();
        nativeReceipts = new ReceiptWriter(ingestKey);
        web3jReceipts = new ReceiptWriter(ingestKey.pureJava());
        List<Receipt.EventPosition> positions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            positions.add(new Receipt.EventPosition(i, "telemetry.heartbeats", 7, 1_000_000L + i));
        }
        receipt10 = Receipt.of(DOMAIN, "ingest-bench", ingestKey.address(), verified10, positions);
        if (!nativeReceipts.sign(receipt10).signatureHeader().equals(web3jReceipts.sign(receipt10).signatureHeader())) {
            throw new IllegalStateException("native and web3j receipt signatures differ");
        }
    }

    private static byte[] body(MessageSigner node, int events) {
        List<NodeEvent> list = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            list.add(new NodeEvent.Heartbeat(86_400 + i, 250_000 + i, 730_000, 2, "proofmesh-agent/0.1.0"));
        }
        return TelemetryBody.encode(DOMAIN.network(), DOMAIN.chainId(), node.address(), 42, NOW - 1500, list);
    }

    @Benchmark
    public VerifiedRequest verify1Event() throws RejectedRequestException {
        return verifier.verify(body1, header1, receivedAt);
    }

    @Benchmark
    public VerifiedRequest verify10Events() throws RejectedRequestException {
        return verifier.verify(body10, header10, receivedAt);
    }

    @Benchmark
    public TelemetryRequest parseOnly10Events() throws RejectedRequestException {
        return parser.parse(body10);
    }

    @Benchmark
    public Object mapToAvro10Events() {
        return mapper.map(verified10);
    }

    @Benchmark
    public SignedReceipt receiptSignNative() {
        return nativeReceipts.sign(receipt10);
    }

    @Benchmark
    public SignedReceipt receiptSignWeb3j() {
        return web3jReceipts.sign(receipt10);
    }
}
