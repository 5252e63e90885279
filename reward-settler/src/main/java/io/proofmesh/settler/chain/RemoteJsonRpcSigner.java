package io.proofmesh.settler.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.utils.Numeric;

/**
 * Signs through a remote signer's {@code eth_signTransaction} (web3signer's eth1 JSON-RPC, Clef,
 * or any node that holds the account), so the key never enters this process. Answers are accepted
 * both as a bare raw-transaction hex string (web3signer, geth, anvil) and as Clef's
 * {@code {"raw": …, "tx": …}}.
 */
public final class RemoteJsonRpcSigner implements TransactionSigner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final String address;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public RemoteJsonRpcSigner(String url, String address) {
        this.url = URI.create(url);
        this.address = address;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public byte[] sign(RawTransaction tx, long chainId) throws IOException {
        if (!(tx.getTransaction() instanceof Transaction1559 t)) {
            throw new IllegalArgumentException("the settler signs EIP-1559 transactions only");
        }
        ObjectNode p = JSON.createObjectNode();
        p.put("from", address);
        p.put("to", t.getTo());
        p.put("gas", hex(t.getGasLimit()));
        p.put("maxFeePerGas", hex(t.getMaxFeePerGas()));
        p.put("maxPriorityFeePerGas", hex(t.getMaxPriorityFeePerGas()));
        p.put("nonce", hex(t.getNonce()));
        p.put("value", hex(t.getValue()));
        p.put("data", t.getData() == null || t.getData().isEmpty() ? "0x" : Numeric.prependHexPrefix(t.getData()));
        p.put("chainId", hex(BigInteger.valueOf(chainId)));
        p.put("type", "0x2");
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0").put("id", 1).put("method", "eth_signTransaction");
        req.putArray("params").add(p);
        HttpResponse<String> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(req))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the remote signer", e);
        }
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("the remote signer at " + url + " answered HTTP " + resp.statusCode());
        }
        JsonNode body = JSON.readTree(resp.body());
        if (body.hasNonNull("error")) {
            throw new IOException("the remote signer at " + url + " refused to sign for " + address + ": "
                    + body.get("error").path("message").asText(body.get("error").toString()));
        }
        JsonNode result = body.path("result");
        String raw = result.isTextual() ? result.asText() : result.path("raw").asText("");
        if (!raw.startsWith("0x") || raw.length() < 4) {
            throw new IOException("the remote signer at " + url + " gave no raw transaction: " + body);
        }
        return HexFormat.of().parseHex(raw.substring(2));
    }

    private static String hex(BigInteger v) {
        return "0x" + v.toString(16);
    }

    @Override
    public String describe() {
        return "remote signer " + url + " (" + address + ")";
    }
}
