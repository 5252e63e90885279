package io.proofmesh.settler.settle;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.settler.chain.ChainCallException;
import io.proofmesh.settler.chain.ChainRpc;
import io.proofmesh.settler.chain.DistributorClient;
import io.proofmesh.settler.chain.OnChainRoot;
import io.proofmesh.settler.chain.TransactionSigner;
import io.proofmesh.settler.ledger.SettlementBook;
import io.proofmesh.settler.service.SettlerSettings;
import io.proofmesh.settler.service.SettlerSettings.HaltPoint;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Drives one epoch's root to CONFIRMED on-chain, idempotently (DESIGN.md "Settlement is
 * idempotent"). Every call first asks the chain what it holds for the epoch, then acts on the
 * recorded state: nothing recorded → sign, commit PENDING (nonce, raw tx) to
 * {@code rewards.settlements}, then broadcast; PENDING → the very same raw tx is sent again if the
 * node does not know it, and CONFIRMED is recorded once the receipt has enough confirmations. A
 * different root on-chain, a revoked root or a refused post raise {@link SettlementAlarm}.
 */
public final class RootSettlement {

    private final ChainRpc chain;
    private final DistributorClient distributor;
    private final TransactionSigner signer;
    private final RewardPublisher publisher;
    private final SettlementBook book;
    private final SettlerSettings cfg;
    private final long chainId;
    private final SettlerMetrics metrics;
    private final Consumer<String> log;
    private final Clock clock;

    public RootSettlement(ChainRpc chain, DistributorClient distributor, TransactionSigner signer, RewardPublisher publisher,
                          SettlementBook book, SettlerSettings cfg, long chainId, SettlerMetrics metrics, Consumer<String> log,
                          Clock clock) {
        this.chain = chain;
        this.distributor = distributor;
        this.signer = signer;
        this.publisher = publisher;
        this.book = book;
        this.cfg = cfg;
        this.chainId = chainId;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Moves the epoch's settlement one step further if it can now.
     *
     * @return true once the root is CONFIRMED (recorded on {@code rewards.settlements})
     */
    public boolean advance(RewardBatch batch) {
        long epoch = batch.getEpoch();
        byte[] root = batch.getMerkleRoot().bytes();
        Optional<SettlementReceipt> recorded = book.receipt(epoch);
        if (!BatchBuilder.hasRoot(batch)) {
            // No leaf: nothing to post or claim. Recorded as settled so later epochs go on; its emission is carried.
            if (recorded.isEmpty()) {
                record(receipt(batch, SettlementStatus.CONFIRMED, -1, null, new byte[32], null,
                        "no node scored or paid yet: no root to post; " + batch.getCarriedOut() + " carried to the next epoch"));
            }
            return true;
        }
        OnChainRoot onChain = distributor.root(epoch);
        if (onChain.posted() && onChain.revoked()) {
            if (recorded.map(r -> r.getStatus() != SettlementStatus.REVOKED).orElse(true)) {
                record(receipt(batch, SettlementStatus.REVOKED, recorded.map(SettlementReceipt::getNonce).orElse(-1L), null,
                        recorded.map(r -> r.getTxHash().bytes()).orElse(new byte[32]), null,
                        "governance revoked the root of epoch " + epoch + " on-chain"));
            }
            throw new SettlementAlarm("governance revoked the root of epoch " + epoch + " (" + hex(root) + "). The settler "
                    + "stops: fix what governance objected to, then re-post the epoch; later epochs build on it");
        }
        if (onChain.posted()) {
            if (!Arrays.equals(onChain.root(), root)) {
                throw new SettlementAlarm("ALARM: the chain holds root " + hex(onChain.root()) + " for epoch " + epoch
                        + " but rewards.batches says " + hex(root) + ". Nothing more is posted. Run `proofmesh audit --epoch "
                        + epoch + "` to see which is right; governance can revoke a wrong root within the challenge window");
            }
            if (recorded.map(r -> r.getStatus() == SettlementStatus.CONFIRMED).orElse(false)) {
                return true;
            }
            return confirm(batch, recorded, onChain);
        }
        if (recorded.isPresent() && recorded.get().getStatus() == SettlementStatus.CONFIRMED) {
            throw new SettlementAlarm("ALARM: rewards.settlements records epoch " + epoch + " as CONFIRMED but the chain "
                    + "holds no root for it: is settler.distributor-address (" + distributor.address() + ") or "
                    + "chain.rpc-url (" + chain.url() + ") pointing at another deployment?");
        }
        if (recorded.isPresent() && recorded.get().getStatus() == SettlementStatus.PENDING) {
            return resume(batch, recorded.get());
        }
        post(batch);
        return false;
    }

    /** Root on-chain and equal: record CONFIRMED once the posting transaction has enough blocks on top. */
    private boolean confirm(RewardBatch batch, Optional<SettlementReceipt> recorded, OnChainRoot onChain) {
        long epoch = batch.getEpoch();
        Optional<TransactionReceipt> rc = recorded.filter(r -> r.getStatus() == SettlementStatus.PENDING)
                .flatMap(r -> chain.receipt(txHash(r)));
        if (rc.isEmpty()) {
            // Posted by a transaction we have no record of (the PENDING record was lost, or an older
            // signing of ours got in first): the root is right, which is what counts.
            record(receipt(batch, SettlementStatus.CONFIRMED, recorded.map(SettlementReceipt::getNonce).orElse(-1L), null,
                    recorded.map(r -> r.getTxHash().bytes()).orElse(new byte[32]), null,
                    "root found on-chain (posted at " + onChain.postedAt() + "); the posting transaction is not the recorded one"));
            metrics.confirmed(epoch, 0);
            return true;
        }
        TransactionReceipt r = rc.get();
        long depth = chain.blockNumber() - r.getBlockNumber().longValueExact() + 1;
        if (depth < cfg.confirmations()) {
            return false;
        }
        SettlementReceipt pending = recorded.get();
        record(receipt(batch, SettlementStatus.CONFIRMED, pending.getNonce(), null, pending.getTxHash().bytes(), r,
                depth + " confirmation(s)"));
        metrics.confirmed(epoch, r.getGasUsed().longValueExact());
        log.accept("epoch " + epoch + ": root " + hex(batch.getMerkleRoot().bytes()) + " CONFIRMED in block "
                + r.getBlockNumber() + " (tx " + r.getTransactionHash() + ", gas " + r.getGasUsed() + ")");
        return true;
    }

    /** PENDING recorded, root not on-chain: wait, or send the very same raw transaction again. */
    private boolean resume(RewardBatch batch, SettlementReceipt pending) {
        long epoch = batch.getEpoch();
        String hash = txHash(pending);
        Optional<TransactionReceipt> rc = chain.receipt(hash);
        if (rc.isPresent()) {
            TransactionReceipt r = rc.get();
            if (!r.isStatusOK()) {
                record(receipt(batch, SettlementStatus.FAILED, pending.getNonce(), null, pending.getTxHash().bytes(), r,
                        "the root transaction reverted" + r.getRevertReason()));
                throw new SettlementAlarm("the root transaction of epoch " + epoch + " (" + hash + ") reverted in block "
                        + r.getBlockNumber() + ". Check the distributor's state (paused? settler role?) and restart the settler");
            }
            return false; // mined but the root is not visible yet at "latest": look again next round
        }
        if (chain.knows(hash)) {
            return false; // in the mempool: wait
        }
        if (chain.minedNonce(signer.address()).compareTo(BigInteger.valueOf(pending.getNonce())) > 0) {
            // Our nonce went to another transaction and the root is not on-chain: sign anew.
            record(receipt(batch, SettlementStatus.FAILED, pending.getNonce(), null, pending.getTxHash().bytes(), null,
                    "nonce " + pending.getNonce() + " was used by another transaction of " + signer.address()
                            + "; signing the root again with a new nonce"));
            post(batch);
            return false;
        }
        log.accept("epoch " + epoch + ": the node does not know the recorded transaction " + hash
                + "; sending the same signed bytes again");
        try {
            chain.sendRaw(pending.getRawTransaction().array());
            metrics.rebroadcast();
        } catch (ChainCallException e) {
            log.accept("epoch " + epoch + ": rebroadcast of " + hash + " refused (" + e.getMessage() + "); will look again");
        }
        return false;
    }

    private void post(RewardBatch batch) {
        long epoch = batch.getEpoch();
        byte[] digest = BatchBuilder.digestOf(batch);
        String data = distributor.encodePostRoot(epoch, batch.getMerkleRoot().bytes(), new BigInteger(batch.getTotalCumulative()),
                digest);
        String from = signer.address();
        BigInteger gas;
        try {
            gas = chain.estimateGas(from, distributor.address(), data);
        } catch (ChainCallException e) {
            String why = e.revertData().flatMap(distributor::errorName).orElse(e.getMessage());
            throw new SettlementAlarm("the distributor refuses the root of epoch " + epoch + ": " + why + ". Check the "
                    + "settler's role (" + from + "), the on-chain emission cap and whether the distributor is paused");
        }
        gas = gas.multiply(BigInteger.valueOf(100 + cfg.gasMarginPercent())).divide(BigInteger.valueOf(100));
        BigInteger tip = chain.maxPriorityFee();
        BigInteger maxFee = chain.baseFee().multiply(BigInteger.TWO).add(tip);
        BigInteger nonce = chain.pendingNonce(from);
        RawTransaction tx = RawTransaction.createTransaction(chainId, nonce, gas, distributor.address(), BigInteger.ZERO, data,
                tip, maxFee);
        byte[] raw;
        try {
            raw = signer.sign(tx, chainId);
        } catch (IOException e) {
            throw new SettlementAlarm("could not sign the root transaction of epoch " + epoch + " with " + signer.describe()
                    + ": " + e.getMessage());
        }
        checkSigned(raw, tx, from, epoch);
        byte[] hash = Hash.sha3(raw);
        record(receipt(batch, SettlementStatus.PENDING, nonce.longValueExact(), raw, hash, null,
                "signed by " + from + ", gas limit " + gas + ", max fee " + maxFee + " wei"));
        halt(HaltPoint.AFTER_PENDING);
        try {
            chain.sendRaw(raw);
            metrics.broadcast();
            log.accept("epoch " + epoch + ": root " + hex(batch.getMerkleRoot().bytes()) + " broadcast (tx " + hex(hash)
                    + ", nonce " + nonce + ")");
        } catch (ChainCallException e) {
            log.accept("epoch " + epoch + ": broadcast refused (" + e.getMessage() + "); will look again");
        }
        halt(HaltPoint.AFTER_BROADCAST);
    }

    /** A remote signer must sign exactly what was asked, from the expected account. */
    private static void checkSigned(byte[] raw, RawTransaction asked, String from, long epoch) {
        RawTransaction decoded = TransactionDecoder.decode(Numeric.toHexString(raw));
        String signedBy;
        try {
            signedBy = decoded instanceof SignedRawTransaction s ? s.getFrom() : null;
        } catch (java.security.SignatureException e) {
            signedBy = null;
        }
        if (signedBy == null || !signedBy.toLowerCase(Locale.ROOT).equals(from)
                || !decoded.getNonce().equals(asked.getNonce())
                || !decoded.getTo().equalsIgnoreCase(asked.getTo())
                || !Numeric.cleanHexPrefix(decoded.getData()).equalsIgnoreCase(Numeric.cleanHexPrefix(asked.getData()))) {
            throw new SettlementAlarm("the signer returned a transaction for epoch " + epoch + " that is not the one asked "
                    + "for (signed by " + signedBy + ", expected " + from + "); refusing to broadcast it");
        }
    }

    /** Crash-test point between the batch commit and signing (settler.halt-at=after-batch). */
    public void haltAfterBatch() {
        halt(HaltPoint.AFTER_BATCH);
    }

    private void halt(HaltPoint point) {
        if (cfg.haltAt().filter(point::equals).isPresent()) {
            log.accept("halting at " + point.name().toLowerCase(Locale.ROOT).replace('_', '-') + " (" + SettlerSettings.HALT_AT
                    + ", crash tests): waiting to be killed");
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("halted at " + point);
                }
            }
        }
    }

    private void record(SettlementReceipt r) {
        publisher.publishReceipt(r);
        book.addReceipt(r);
    }

    private SettlementReceipt receipt(RewardBatch batch, SettlementStatus status, long nonce, byte[] raw, byte[] txHash,
                                      TransactionReceipt mined, String message) {
        SettlementReceipt.Builder b = SettlementReceipt.newBuilder()
                .setEpoch(batch.getEpoch())
                .setStatus(status)
                .setMerkleRoot(batch.getMerkleRoot())
                .setChainId(chainId)
                .setDistributorAddress(distributor.address())
                .setFromAddress(signer.address())
                .setNonce(nonce)
                .setRawTransaction(raw == null ? null : ByteBuffer.wrap(raw))
                .setTxHash(new Bytes32(txHash))
                .setMessage(message)
                .setRecordedAt(clock.instant());
        if (mined != null) {
            b.setBlockNumber(mined.getBlockNumber().longValueExact())
                    .setBlockHash(new Bytes32(Numeric.hexStringToByteArray(mined.getBlockHash())))
                    .setGasUsed(mined.getGasUsed().longValueExact())
                    .setEffectiveGasPrice(mined.getEffectiveGasPrice() == null ? null
                            : Numeric.toBigInt(mined.getEffectiveGasPrice()).toString());
        }
        return b.build();
    }

    private static String txHash(SettlementReceipt r) {
        return "0x" + HexFormat.of().formatHex(r.getTxHash().bytes());
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }
}
