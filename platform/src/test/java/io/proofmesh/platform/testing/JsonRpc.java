package io.proofmesh.platform.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A bare JSON-RPC call without parameters, e.g. {@code eth_chainId} against anvil (tests). */
public final class JsonRpc {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private JsonRpc() {
    }

    /** The raw response body. */
    public static String call(String url, String method) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":[]}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
