package io.proofmesh.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Provenance;
import io.proofmesh.schemas.telemetry.Heartbeat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Confluent-wire-format serde against its raw ceiling: plain Avro binary encoding and
 * decoding of the same Heartbeat with a reused encoder/decoder and no framing. The ratio
 * (serde ÷ raw) is the serde's overhead: framing, the schema-id cache and the reader cache.
 *
 * <p>The registry is a two-route HTTP fixture answering the first register / get-by-id; the
 * measured path never calls it (that is the point of the caches).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class AvroSerdeBenchmark {

    private static final String TOPIC = "telemetry.heartbeats";

    private HttpServer registryFixture;
    private Heartbeat heartbeat;
    private AvroSerializer<Heartbeat> serializer;
    private AvroDeserializer<Heartbeat> deserializer;
    private byte[] framed;
    private byte[] rawBytes;

    private final SpecificDatumWriter<Heartbeat> rawWriter = new SpecificDatumWriter<>(Heartbeat.class);
    private final SpecificDatumReader<Heartbeat> rawReader = new SpecificDatumReader<>(Heartbeat.class);
    private final ByteArrayOutputStream rawOut = new ByteArrayOutputStream(512);
    private BinaryEncoder rawEncoder;
    private BinaryDecoder rawDecoder;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        heartbeat = sample();
        String schemaJson = Heartbeat.getClassSchema().toString();
        registryFixture = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registryFixture.createContext("/subjects/", ex -> reply(ex, "{\"id\":1}"));
        registryFixture.createContext("/schemas/ids/1", ex -> reply(ex,
                "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(schemaJson) + "}"));
        registryFixture.start();
        String url = "http://localhost:" + registryFixture.getAddress().getPort();
        serializer = new AvroSerializer<>(new SchemaRegistryClient(url), false);
        deserializer = AvroDeserializer.specific(new SchemaRegistryClient(url), Heartbeat.class);
        framed = serializer.serialize(TOPIC, heartbeat);
        rawBytes = Arrays.copyOfRange(framed, 5, framed.length);
        if (!deserializer.deserialize(TOPIC, framed).equals(heartbeat)) {
            throw new IllegalStateException("serde does not round-trip");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registryFixture.stop(0);
    }

    @Benchmark
    public byte[] serializeWithSerde() {
        return serializer.serialize(TOPIC, heartbeat);
    }

    @Benchmark
    public byte[] serializeRawAvro() throws IOException {
        rawOut.reset();
        rawEncoder = EncoderFactory.get().binaryEncoder(rawOut, rawEncoder);
        rawWriter.write(heartbeat, rawEncoder);
        rawEncoder.flush();
        return rawOut.toByteArray();
    }

    @Benchmark
    public Heartbeat deserializeWithSerde() {
        return deserializer.deserialize(TOPIC, framed);
    }

    @Benchmark
    public Heartbeat deserializeRawAvro() throws IOException {
        rawDecoder = DecoderFactory.get().binaryDecoder(rawBytes, rawDecoder);
        return rawReader.read(null, rawDecoder);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    static Heartbeat sample() {
        byte[] body = new byte[180];
        Arrays.fill(body, (byte) 'x');
        byte[] sig = new byte[65];
        Arrays.fill(sig, (byte) 7);
        return Heartbeat.newBuilder()
                .setNodeId("0x8ba1f109551bd432803012645ac136ddd64dba72")
                .setSeq(123_456).setEventIndex(2).setSentAt(Instant.ofEpochMilli(1_790_000_000_000L))
                .setUptimeSeconds(86_400).setCpuLoadPpm(250_000).setGpuLoadPpm(640_000).setActiveJobs(3)
                .setAgentVersion("proofmesh-agent/1.0.0")
                .setProvenance(Provenance.newBuilder()
                        .setSigner("0x8ba1f109551bd432803012645ac136ddd64dba72")
                        .setSignature(ByteBuffer.wrap(sig)).setSignedBody(ByteBuffer.wrap(body))
                        .setBodyDigest(new Bytes32(new byte[32]))
                        .setReceivedAt(Instant.ofEpochMilli(1_790_000_000_150L)).setIngestId("ingest-1").build())
                .build();
    }
}
