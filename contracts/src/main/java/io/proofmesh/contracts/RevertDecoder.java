package io.proofmesh.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Turns revert data into the custom error's name and arguments, using the {@code error} entries of
 * the RewardDistributor and RewardToken ABIs (which include OpenZeppelin's errors such as
 * {@code AccessControlUnauthorizedAccount}, {@code EnforcedPause}, {@code ERC20InsufficientBalance}).
 */
public final class RevertDecoder {

    private record ErrorAbi(String name, List<String> types) { }

    private static final RevertDecoder STANDARD = new RevertDecoder(List.of(
            ContractArtifact.load(ContractArtifact.REWARD_DISTRIBUTOR), ContractArtifact.load(ContractArtifact.REWARD_TOKEN)));

    private final Map<String, ErrorAbi> bySelector = new HashMap<>();

    RevertDecoder(List<ContractArtifact> artifacts) {
        bySelector.put("0x08c379a0", new ErrorAbi("Error", List.of("string")));
        bySelector.put("0x4e487b71", new ErrorAbi("Panic", List.of("uint256")));
        for (ContractArtifact a : artifacts) {
            for (JsonNode entry : a.abi()) {
                if ("error".equals(entry.path("type").asText())) {
                    List<String> types = new ArrayList<>();
                    entry.path("inputs").forEach(i -> types.add(i.get("type").asText()));
                    String signature = entry.get("name").asText() + "(" + String.join(",", types) + ")";
                    bySelector.put(Hash.sha3String(signature).substring(0, 10), new ErrorAbi(entry.get("name").asText(), types));
                }
            }
        }
    }

    /** The decoder for our two contracts. */
    public static RevertDecoder standard() {
        return STANDARD;
    }

    /** Decodes revert data (0x-hex); empty or unknown data gives {@code Unknown}. */
    public ContractError decode(String revertData) {
        String data = revertData == null ? "0x" : revertData.toLowerCase(Locale.ROOT);
        if (!data.startsWith("0x")) {
            data = "0x" + data;
        }
        if (data.length() < 10) {
            return new ContractError("Unknown", List.of(), data);
        }
        ErrorAbi abi = bySelector.get(data.substring(0, 10));
        if (abi == null) {
            return new ContractError("Unknown", List.of(), data);
        }
        List<String> args = new ArrayList<>();
        try {
            List<TypeReference<Type>> refs = new ArrayList<>();
            for (String t : abi.types()) {
                refs.add(TypeReference.makeTypeReference(t));
            }
            for (Type<?> v : FunctionReturnDecoder.decode("0x" + data.substring(10), refs)) {
                Object value = v.getValue();
                args.add(value instanceof byte[] b ? Numeric.toHexString(b) : String.valueOf(value));
            }
        } catch (ClassNotFoundException | RuntimeException e) {
            args = List.of("<undecodable " + data.substring(10) + ">");
        }
        return new ContractError(abi.name(), List.copyOf(args), data);
    }
}
