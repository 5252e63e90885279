package io.proofmesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One contract as compiled by the build ({@code src/main/js/compile.cjs}, solc-js): its ABI, creation
 * bytecode and runtime bytecode, loaded from the classpath resource {@code proofmesh/contracts/<name>.json}.
 *
 * @param immutables byte ranges of the runtime code that the constructor fills in (immutables), which
 *                   {@link #matchesRuntimeCode} ignores
 */
public record ContractArtifact(
        String contractName,
        String compilerVersion,
        String sourceSha256,
        JsonNode abi,
        String bytecode,
        String deployedBytecode,
        List<Range> immutables) {

    /** A byte range of the runtime code. */
    public record Range(int start, int length) { }

    static final String RESOURCE_FOLDER = "proofmesh/contracts/";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static final String REWARD_TOKEN = "RewardToken";
    public static final String REWARD_DISTRIBUTOR = "RewardDistributor";

    /** Loads {@code proofmesh/contracts/<contractName>.json}; fails if the module was built without it. */
    public static ContractArtifact load(String contractName) {
        String resource = RESOURCE_FOLDER + contractName + ".json";
        try (InputStream in = ContractArtifact.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("contract artifact " + resource + " is not on the classpath: "
                        + "build the contracts module (its build compiles src/main/solidity with solc-js)");
            }
            JsonNode node = JSON.readTree(in);
            List<Range> ranges = new ArrayList<>();
            node.path("immutableReferences").forEach(refs -> refs.forEach(
                    r -> ranges.add(new Range(r.get("start").asInt(), r.get("length").asInt()))));
            return new ContractArtifact(node.get("contractName").asText(), node.get("compilerVersion").asText(),
                    node.get("sourceSha256").asText(), node.get("abi"), node.get("bytecode").asText(),
                    node.get("deployedBytecode").asText(), List.copyOf(ranges));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract artifact " + resource, e);
        }
    }

    /**
     * Whether {@code onChainCode} (eth_getCode, hex) is this contract's runtime code, ignoring the bytes
     * of immutables (constructor arguments such as the token address differ per deployment).
     */
    public boolean matchesRuntimeCode(String onChainCode) {
        String expected = strip(deployedBytecode);
        String actual = strip(onChainCode);
        if (expected.length() != actual.length()) {
            return false;
        }
        char[] masked = actual.toCharArray();
        for (Range r : immutables) {
            for (int i = r.start() * 2; i < (r.start() + r.length()) * 2; i++) {
                masked[i] = expected.charAt(i);
            }
        }
        return expected.equals(new String(masked));
    }

    private static String strip(String hex) {
        String h = hex.toLowerCase(Locale.ROOT);
        return h.startsWith("0x") ? h.substring(2) : h;
    }
}
