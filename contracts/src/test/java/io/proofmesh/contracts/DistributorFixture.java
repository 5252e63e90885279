package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.devstack.DevStack;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Fresh RewardToken + RewardDistributor per test class on the DevStack's anvil (mines every second).
 * Keys: anvil #3 deploys, #4 is governance, #5 the settler, #6 an unrelated sender; payouts and node
 * ids are fresh random addresses, so their balances start at zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DistributorFixture {

    static final long FIRST_EPOCH = 10;
    static final BigInteger CAP = new BigInteger("1000000000000000000000"); // 1000 tokens per epoch
    static final long WINDOW = 600;
    static final String NO_DIGEST = "0x" + "0".repeat(64);

    private static final SecureRandom RANDOM = new SecureRandom();

    Web3j web3j;
    HttpService rpc;
    long chainId;
    Deployment deployment;
    ContractClient settler;
    ContractClient governance;
    ContractClient anyone;
    RewardDistributorReader reader;

    @BeforeAll
    void deploy(DevStack stack) {
        rpc = new HttpService(stack.chainRpcUrl());
        web3j = Web3j.build(rpc);
        chainId = stack.config().chainId();
        ContractClient deployer = client("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6");
        settler = client("0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");
        governance = client("0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");
        anyone = client("0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e");
        deployment = new ContractDeployer(deployer).deploy(new DeploymentParams("proofmesh Reward (test)", "PMRT",
                governance.address(), settler.address(), FIRST_EPOCH, CAP, WINDOW));
        reader = new RewardDistributorReader(anyone, deployment);
    }

    @AfterAll
    void close() {
        web3j.shutdown();
    }

    private ContractClient client(String key) {
        return new ContractClient(web3j, Credentials.create(key), chainId, Duration.ofSeconds(60));
    }

    static String randomAddress() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return Numeric.toHexString(b).toLowerCase(Locale.ROOT);
    }

    static String randomDigest() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Numeric.toHexString(b);
    }

    static String checksum(String address) {
        return Keys.toChecksumAddress(address);
    }

    static ReferenceTree.Leaf leaf(String amount) {
        return new ReferenceTree.Leaf(randomAddress(), randomAddress(), new BigInteger(amount), randomDigest());
    }

    TransactionReceipt post(long epoch, ReferenceTree tree) {
        return settler.send("postRoot", deployment.distributor(),
                RewardDistributorAbi.postRoot(epoch, tree.root(), tree.total(), randomDigest()));
    }

    TransactionReceipt claim(long epoch, ReferenceTree tree, int i) {
        ReferenceTree.Leaf l = tree.leaf(i);
        return anyone.send("claim", deployment.distributor(), RewardDistributorAbi.claim(epoch, l.nodeId(), l.payout(),
                l.cumulativeAmount(), l.detailsDigest(), tree.proof(i)));
    }

    BigInteger balance(String account) {
        return reader.balanceOf(account);
    }

    BigInteger totalSupply() {
        return reader.totalSupply();
    }

    RewardDistributorAbi.EpochRoot root(long epoch) {
        return reader.root(epoch);
    }

    BigInteger view(String data) {
        return RewardDistributorAbi.decodeUint(anyone.call("view", deployment.distributor(), data));
    }

    /** Moves the chain's clock (anvil evm_increaseTime + evm_mine): the challenge window without waiting. */
    void advance(long seconds) throws IOException {
        new Request<>("evm_increaseTime", List.of(seconds), rpc, Response.class).send();
        new Request<>("evm_mine", List.of(), rpc, Response.class).send();
    }

    static void assertReverts(String errorName, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ContractRevertException.class,
                e -> org.assertj.core.api.Assertions.assertThat(e.errorName()).as(e.getMessage()).isEqualTo(errorName));
    }
}
