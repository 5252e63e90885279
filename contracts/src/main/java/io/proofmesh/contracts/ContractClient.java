package io.proofmesh.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends calls and signed transactions to our contracts over JSON-RPC with one key, and turns reverts
 * into {@link ContractRevertException} carrying the custom error's name.
 *
 * <p>Every transaction is first estimated: a call the contract would refuse fails there, with its
 * decoded error, without spending a block. {@link #send} waits for the receipt (a chain that mines
 * every second answers within a second or two); {@link #submit} + {@link #await} let several
 * transactions of one key go into the same block (nonces are counted locally from the pending count).
 * Not thread-safe: one sender per key and thread.
 */
public final class ContractClient {

    private static final Duration POLL = Duration.ofMillis(200);

    private final Web3j web3j;
    private final Credentials credentials;
    private final long chainId;
    private final Duration receiptTimeout;
    private final RevertDecoder errors = RevertDecoder.standard();
    private BigInteger nextNonce = BigInteger.ZERO;

    /**
     * @param credentials the signing key; {@code null} for a read-only client ({@link #call} only)
     * @param receiptTimeout how long {@link #await} waits for a transaction to be mined
     */
    public ContractClient(Web3j web3j, Credentials credentials, long chainId, Duration receiptTimeout) {
        this.web3j = web3j;
        this.credentials = credentials;
        this.chainId = chainId;
        this.receiptTimeout = receiptTimeout;
    }

    /** A signing client on the chain web3j is connected to (asks it for the chain id), 60 s receipt timeout. */
    public static ContractClient connect(Web3j web3j, Credentials credentials) {
        try {
            return new ContractClient(web3j, credentials, web3j.ethChainId().send().getChainId().longValueExact(), Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the chain's JSON-RPC endpoint: " + e.getMessage(), e);
        }
    }

    public Web3j web3j() {
        return web3j;
    }

    public long chainId() {
        return chainId;
    }

    /** The sender's address (0x, lower case). */
    public String address() {
        return credentials == null ? "0x0000000000000000000000000000000000000000" : credentials.getAddress();
    }

    /** eth_call at the latest block; returns the raw result, throws {@link ContractRevertException} on a revert. */
    public String call(String action, String to, String data) {
        return callAt(action, to, data, DefaultBlockParameterName.LATEST);
    }

    private String callAt(String action, String to, String data, DefaultBlockParameter block) {
        EthCall response = rpc(() -> web3j.ethCall(Transaction.createEthCallTransaction(address(), to, data), block).send());
        if (response.hasError()) {
            throw revertOrFailure(action, response.getError());
        }
        return response.getValue();
    }

    /** Signs, sends and waits for the receipt of a successful transaction (status 1). */
    public TransactionReceipt send(String action, String to, String data) {
        return await(action, submit(action, to, data));
    }

    /** Deploys creation code (bytecode + encoded constructor arguments) and waits for the receipt. */
    public TransactionReceipt deploy(String action, String creationCode) {
        return send(action, null, creationCode);
    }

    /**
     * Estimates, signs and sends a transaction without waiting; returns its hash.
     *
     * @param to the contract, or {@code null} to deploy {@code data}
     */
    public String submit(String action, String to, String data) {
        if (credentials == null) {
            throw new IllegalStateException(action + ": this client has no signing key");
        }
        EthEstimateGas estimate = rpc(() -> web3j.ethEstimateGas(
                Transaction.createFunctionCallTransaction(address(), null, null, null, to, data)).send());
        if (estimate.hasError()) {
            throw revertOrFailure(action, estimate.getError());
        }
        // Headroom: state may move between the estimate and the block (e.g. a first claim vs a repeat).
        BigInteger gasLimit = estimate.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN).add(BigInteger.valueOf(10_000));
        BigInteger gasPrice = rpc(() -> web3j.ethGasPrice().send()).getGasPrice().multiply(BigInteger.TWO);
        BigInteger pending = rpc(() -> web3j.ethGetTransactionCount(address(), DefaultBlockParameterName.PENDING).send()).getTransactionCount();
        BigInteger nonce = pending.max(nextNonce);
        RawTransaction tx = to == null
                ? RawTransaction.createContractTransaction(nonce, gasPrice, gasLimit, BigInteger.ZERO, data)
                : RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, data);
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials));
        EthSendTransaction sent = rpc(() -> web3j.ethSendRawTransaction(signed).send());
        if (sent.hasError()) {
            throw revertOrFailure(action, sent.getError());
        }
        nextNonce = nonce.add(BigInteger.ONE);
        return sent.getTransactionHash();
    }

    /** Waits for a submitted transaction; throws {@link ContractRevertException} if it reverted on-chain. */
    public TransactionReceipt await(String action, String txHash) {
        long deadline = System.nanoTime() + receiptTimeout.toNanos();
        while (true) {
            Optional<TransactionReceipt> receipt = rpc(() -> web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt();
            if (receipt.isPresent()) {
                TransactionReceipt r = receipt.get();
                if (!r.isStatusOK()) {
                    // Replay at the block before to learn which error it raised.
                    DefaultBlockParameter before = DefaultBlockParameter.valueOf(r.getBlockNumber().subtract(BigInteger.ONE));
                    org.web3j.protocol.core.methods.response.Transaction tx =
                            rpc(() -> web3j.ethGetTransactionByHash(txHash).send()).getTransaction().orElseThrow();
                    callAt(action, tx.getTo(), tx.getInput(), before);
                    throw new ContractRevertException(action + " (tx " + txHash + ")", new ContractError("Unknown", java.util.List.of(), "0x"));
                }
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(action + ": transaction " + txHash + " not mined within " + receiptTimeout.toSeconds()
                        + " s; is the chain producing blocks?");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(action + ": interrupted while waiting for " + txHash, e);
            }
        }
    }

    private RuntimeException revertOrFailure(String action, Response.Error error) {
        String data = error.getData();
        if (data != null) {
            String hex = data.replace("\"", "").trim();
            if (hex.startsWith("0x")) {
                return new ContractRevertException(action, errors.decode(hex));
            }
        }
        return new IllegalStateException(action + " failed: " + error.getMessage() + " (JSON-RPC error " + error.getCode() + ")");
    }

    private interface Rpc<T> {
        T send() throws IOException;
    }

    private static <T> T rpc(Rpc<T> call) {
        try {
            return call.send();
        } catch (IOException e) {
            throw new UncheckedIOException("JSON-RPC request failed: " + e.getMessage(), e);
        }
    }
}
