package io.proofmesh.settler.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The chain calls the settler makes, over JSON-RPC with web3j. A node that cannot be reached is
 * retried with exponential back-off (up to {@code retryMax} between attempts) for as long as
 * {@code keepTrying} holds, so a chain outage delays settlement instead of failing it; an error
 * answer is not retried ({@link ChainCallException}).
 */
public final class ChainRpc implements AutoCloseable {

    private final Web3j web3j;
    private final String url;
    private final Duration retryMax;
    private final BooleanSupplier keepTrying;
    private final Consumer<String> warn;
    private final Runnable onRetry;

    public ChainRpc(String url, Duration retryMax, BooleanSupplier keepTrying, Consumer<String> warn, Runnable onRetry) {
        this.url = url;
        this.web3j = Web3j.build(new HttpService(url));
        this.retryMax = retryMax;
        this.keepTrying = keepTrying;
        this.warn = warn;
        this.onRetry = onRetry;
    }

    public String url() {
        return url;
    }

    public long chainId() {
        return call("eth_chainId", web3j.ethChainId()).getChainId().longValueExact();
    }

    public long blockNumber() {
        return call("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    /** Next nonce counting transactions still in the mempool. */
    public BigInteger pendingNonce(String address) {
        return call("eth_getTransactionCount", web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING))
                .getTransactionCount();
    }

    /** Nonce of the next transaction to be mined (ignores the mempool). */
    public BigInteger minedNonce(String address) {
        return call("eth_getTransactionCount", web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST))
                .getTransactionCount();
    }

    public BigInteger estimateGas(String from, String to, String data) {
        return call("eth_estimateGas", web3j.ethEstimateGas(Transaction.createEthCallTransaction(from, to, data)))
                .getAmountUsed();
    }

    /** The result bytes (hex) of a read-only call at the latest block. */
    public String ethCall(String to, String data) {
        return call("eth_call", web3j.ethCall(Transaction.createEthCallTransaction(null, to, data),
                DefaultBlockParameterName.LATEST)).getValue();
    }

    public BigInteger baseFee() {
        EthBlock.Block b = call("eth_getBlockByNumber", web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
                .getBlock();
        return b.getBaseFeePerGas() == null ? BigInteger.ZERO : b.getBaseFeePerGas();
    }

    public BigInteger maxPriorityFee() {
        return call("eth_maxPriorityFeePerGas", web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
    }

    /** Broadcasts; returns the hash the node computed. */
    public String sendRaw(byte[] raw) {
        return call("eth_sendRawTransaction", web3j.ethSendRawTransaction(Numeric.toHexString(raw))).getTransactionHash();
    }

    public Optional<TransactionReceipt> receipt(String txHash) {
        return call("eth_getTransactionReceipt", web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
    }

    /** Whether the node knows the transaction (mined or in its mempool). */
    public boolean knows(String txHash) {
        return call("eth_getTransactionByHash", web3j.ethGetTransactionByHash(txHash)).getTransaction().isPresent();
    }

    /** Timestamp (seconds) of the latest block: the chain's clock, which the challenge window counts in. */
    public long latestBlockTimestamp() {
        return call("eth_getBlockByNumber", web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
                .getBlock().getTimestamp().longValueExact();
    }

    /** The logs of {@code address} with topic0 {@code topic0} in blocks [from, to]. */
    public List<Log> logs(String address, String topic0, long from, long to) {
        EthFilter filter = new EthFilter(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(to)), address);
        filter.addSingleTopic(topic0);
        List<Log> out = new ArrayList<>();
        for (EthLog.LogResult<?> r : call("eth_getLogs", web3j.ethGetLogs(filter)).getLogs()) {
            out.add((Log) r.get());
        }
        return out;
    }

    public String code(String address) {
        return call("eth_getCode", web3j.ethGetCode(address, DefaultBlockParameterName.LATEST)).getCode();
    }

    private <R extends Response<?>> R call(String method, Request<?, R> request) {
        Duration backoff = Duration.ofMillis(200);
        int attempt = 0;
        while (true) {
            try {
                R r = request.send();
                if (r.hasError()) {
                    Response.Error e = r.getError();
                    throw new ChainCallException(method, e.getCode(), e.getMessage(), e.getData());
                }
                return r;
            } catch (IOException e) {
                attempt++;
                onRetry.run();
                if (!keepTrying.getAsBoolean()) {
                    throw new ChainUnavailableException("the chain at " + url + " is unreachable (" + method + "): "
                            + e.getMessage(), e);
                }
                if (attempt == 1 || attempt % 10 == 0) {
                    warn.accept("the chain at " + url + " is unreachable (" + method + ", attempt " + attempt + "): "
                            + e.getMessage() + "; retrying every " + backoff.toMillis() + " ms until it answers");
                }
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ChainUnavailableException("interrupted while waiting for the chain at " + url, ie);
                }
                backoff = backoff.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}
