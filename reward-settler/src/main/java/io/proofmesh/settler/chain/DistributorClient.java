package io.proofmesh.settler.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/** The RewardDistributor calls the settler makes (encoding and eth_call decoding). */
public final class DistributorClient {

    private final ChainRpc chain;
    private final String address;

    public DistributorClient(ChainRpc chain, String address) {
        this.chain = chain;
        this.address = address;
    }

    public String address() {
        return address;
    }

    public String encodePostRoot(long epoch, byte[] root, BigInteger totalCumulative, byte[] batchDigest) {
        return FunctionEncoder.encode(new Function("postRoot", List.of(new Uint64(epoch), new Bytes32(root),
                new Uint256(totalCumulative), new Bytes32(batchDigest)), Collections.emptyList()));
    }

    @SuppressWarnings("rawtypes")
    public OnChainRoot root(long epoch) {
        Function f = new Function("roots", List.of(new Uint64(epoch)), List.of(new TypeReference<Bytes32>() { },
                new TypeReference<Uint256>() { }, new TypeReference<Bytes32>() { }, new TypeReference<Uint64>() { },
                new TypeReference<Bool>() { }));
        List<Type> out = FunctionReturnDecoder.decode(chain.ethCall(address, FunctionEncoder.encode(f)), f.getOutputParameters());
        if (out.size() != 5) {
            throw new IllegalStateException("no RewardDistributor at " + address + " (roots() gave no answer); check "
                    + "settler.distributor-address and chain.rpc-url");
        }
        return new OnChainRoot((byte[]) out.get(0).getValue(), (BigInteger) out.get(1).getValue(), (byte[]) out.get(2).getValue(),
                ((BigInteger) out.get(3).getValue()).longValueExact(), (Boolean) out.get(4).getValue());
    }

    public long firstEpoch() {
        return uintView("firstEpoch").longValueExact();
    }

    @SuppressWarnings("rawtypes")
    private BigInteger uintView(String name) {
        Function f = new Function(name, List.of(), List.of(new TypeReference<Uint256>() { }));
        List<Type> out = FunctionReturnDecoder.decode(chain.ethCall(address, FunctionEncoder.encode(f)), f.getOutputParameters());
        if (out.isEmpty()) {
            throw new IllegalStateException("no RewardDistributor at " + address + " (" + name + "() gave no answer); check "
                    + "settler.distributor-address and chain.rpc-url");
        }
        return (BigInteger) out.get(0).getValue();
    }

    /** The contract's custom error name for revert data, e.g. "EpochNotIncreasing(7, 9)". */
    public Optional<String> errorName(String revertData) {
        return Optional.ofNullable(revertData).map(d -> d.length() >= 10 ? d.substring(0, 10) : d)
                .map(sel -> Arrays.toString(new String[] {sel}));
    }
}
