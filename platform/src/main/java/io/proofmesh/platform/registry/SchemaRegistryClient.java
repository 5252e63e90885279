package io.proofmesh.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client for the Confluent Schema Registry REST API, the dialect that Confluent's
 * registry, Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda all speak.
 *
 * <p>Registration and lookups are cached: after the first record of a schema, serialising
 * costs no HTTP call, and reading a known id costs no parsing.
 */
public final class SchemaRegistryClient {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) { }

    /** What {@code POST /compatibility/...} answered. */
    public record CompatibilityResult(boolean compatible, List<String> messages) { }

    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(10));
    }

    public SchemaRegistryClient(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    public int register(String subject, Schema schema) {
        Integer cached = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        JsonNode reply;
        try {
            reply = call("POST", "/subjects/" + enc(subject) + "/versions", body, subject);
        } catch (SchemaRegistryException e) {
            if (e.httpStatus() != 409) {
                throw e;
            }
            // Two clients creating the same new subject at once: Apicurio answers the loser 409
            // "already exists". Registration is idempotent, so once the winner's write is visible
            // the same POST returns the id; a second 409 is a real incompatibility.
            pause(200);
            reply = call("POST", "/subjects/" + enc(subject) + "/versions", body, subject);
        }
        int id = reply.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(baseUrl, subject, 200, -1, "reply has no schema id: " + reply);
        }
        idsBySubjectSchema.put(new SubjectSchema(subject, schema), id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The schema with global id {@code id}; unknown ids raise {@link SchemaRegistryException} with status 404. */
    public Schema getById(int id) {
        Schema s = schemasById.get(id);
        if (s != null) {
            return s;
        }
        JsonNode reply = call("GET", "/schemas/ids/" + id, null, null);
        String text = reply.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException(baseUrl, null, 200, -1, "reply for id " + id + " has no schema: " + reply);
        }
        Schema parsed = new Schema.Parser().parse(text);
        Schema prior = schemasById.putIfAbsent(id, parsed);
        return prior == null ? parsed : prior;
    }

    /** Checks {@code schema} against the latest version of {@code subject} under the subject's compatibility level. */
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        JsonNode reply = call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true", body, subject);
        List<String> messages = new ArrayList<>();
        reply.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(reply.path("is_compatible").asBoolean(false), messages);
    }

    /** Sets the compatibility level of one subject, e.g. {@code FULL_TRANSITIVE}. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("PUT", "/config/" + enc(subject), body, subject);
    }

    public List<Integer> versions(String subject) {
        JsonNode reply = call("GET", "/subjects/" + enc(subject) + "/versions", null, subject);
        List<Integer> out = new ArrayList<>();
        reply.forEach(v -> out.add(v.asInt()));
        return out;
    }

    public List<String> subjects() {
        JsonNode reply = call("GET", "/subjects", null, null);
        List<String> out = new ArrayList<>();
        reply.forEach(v -> out.add(v.asText()));
        return out;
    }

    private JsonNode call(String method, String path, JsonNode body, String subject) {
        String url = baseUrl + path;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body != null) {
            req.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> resp;
        try {
            resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException(url, subject, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(url, subject, e);
        }
        JsonNode json = parse(resp.body());
        if (resp.statusCode() / 100 != 2) {
            int code = json.path("error_code").asInt(resp.statusCode());
            String message = json.path("message").asText(resp.body());
            throw new SchemaRegistryException(url, subject, resp.statusCode(), code, message);
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
