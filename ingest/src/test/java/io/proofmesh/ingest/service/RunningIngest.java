package io.proofmesh.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.platform.config.CommonSettings;
import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.testing.FastTestProfile;
import io.proofmesh.platform.topics.CatalogBootstrap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** An ingest service on the DevStack for integration tests, with the HTTP calls they make. */
public final class RunningIngest implements AutoCloseable {

    public static final String ADMIN_TOKEN = "it-admin-token-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HexFormat HEX = HexFormat.of();

    private final IngestService service;

    private RunningIngest(IngestService service) {
        this.service = service;
    }

    /** Topics and schemas bootstrapped, then ingest on a free port with ticks off; {@code overrides} win. */
    public static RunningIngest start(DevStack stack, Map<String, String> overrides) throws InterruptedException {
        Settings base = FastTestProfile.settings(stack);
        CatalogBootstrap.run(new KafkaClients(base), new SchemaRegistryClient(stack.registryUrl()),
                CommonSettings.from(base).topics(), Duration.ofSeconds(30));
        Map<String, String> s = new LinkedHashMap<>(base.asMap());
        s.put("http.host", "127.0.0.1");
        s.put("http.port", "0");
        s.put("admin.token", ADMIN_TOKEN);
        s.put("ingest.tick-interval", "0s");
        s.putAll(overrides);
        return new RunningIngest(IngestService.start(Settings.of(s), msg -> System.out.println("[ingest] " + msg)));
    }

    public IngestService service() {
        return service;
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A signed telemetry request, signature computed over exactly {@code body}. */
    public HttpResponse<String> send(MessageSigner signer, byte[] body) throws Exception {
        return post("/v1/telemetry", "application/json", body, Map.of("X-Proofmesh-Signature", signature(signer, body)));
    }

    public HttpResponse<String> admin(String path, String body) throws Exception {
        return post(path, "application/json", body.getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Bearer " + ADMIN_TOKEN));
    }

    public void register(MessageSigner node) throws Exception {
        register(node, "0x00000000000000000000000000000000000000bb");
    }

    /** Registers {@code node} with {@code operatorAddress} as the key that may rotate its signing key. */
    public void register(MessageSigner node, String operatorAddress) throws Exception {
        String reg = "{\"nodeId\":\"" + node.address() + "\",\"payoutAddress\":\"0x00000000000000000000000000000000000000aa\","
                + "\"operatorAddress\":\"" + operatorAddress + "\",\"region\":\"eu-west\","
                + "\"probeEndpoint\":\"http://127.0.0.1:9/probe\",\"declaredCapacity\":{\"gpuModel\":\"L4\",\"gpuCount\":1,"
                + "\"gpuMemoryMb\":24576,\"cpuCores\":8,\"memoryMb\":32768,\"maxConcurrentJobs\":4}}";
        HttpResponse<String> r = admin("/v1/admin/nodes", reg);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    public static String signature(MessageSigner signer, byte[] body) {
        return "0x" + HEX.formatHex(signer.signPersonal(body));
    }

    @Override
    public void close() {
        service.close();
    }
}
