package io.proofmesh.benchmarks;

import io.proofmesh.platform.crypto.Eip191;
import io.proofmesh.platform.crypto.Keccak256;
import io.proofmesh.platform.crypto.MessageSigner;
import io.proofmesh.platform.crypto.RecoverableSignature;
import io.proofmesh.platform.crypto.SignerRecoveries;
import io.proofmesh.platform.crypto.SignerRecovery;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Who signed a 300-byte body (EIP-191): the cost every signed request pays at ingest.
 * Native libsecp256k1 beside web3j's pure Java on the same inputs; keccak of the body for scale.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx512m"})
public class SignatureRecoveryBenchmark {

    private byte[] body;
    private byte[] hash;
    private RecoverableSignature signature;
    private byte[] rsv;
    private SignerRecovery nativeRecovery;
    private SignerRecovery pureJava;

    private fr.acinq.secp256k1.Secp256k1 secp;
    private byte[] privateKey;

    @Setup
    public void setUp() {
        secp = fr.acinq.secp256k1.Secp256k1.get();
        privateKey = new byte[32];
        new Random(2).nextBytes(privateKey);
        body = new byte[300];
        new Random(1).nextBytes(body);
        MessageSigner signer = MessageSigner.generate();
        rsv = signer.signPersonal(body);
        signature = RecoverableSignature.parse(rsv);
        hash = Eip191.hash(body);
        nativeRecovery = SignerRecoveries.best();
        pureJava = SignerRecoveries.pureJava();
        if (!nativeRecovery.implementation().contains("native")) {
            throw new IllegalStateException("native libsecp256k1 did not load: " + nativeRecovery.implementation());
        }
        if (!nativeRecovery.recoverPersonalSigner(body, rsv).equals(signer.address())) {
            throw new IllegalStateException("recovery is wrong");
        }
    }

    @Benchmark
    public String recoverNative() {
        return nativeRecovery.recoverAddress(hash, signature);
    }

    @Benchmark
    public String recoverPureJava() {
        return pureJava.recoverAddress(hash, signature);
    }

    /** The whole check for one request body: parse, EIP-191 hash, recover (native). */
    @Benchmark
    public String personalSignerNative() {
        return nativeRecovery.recoverPersonalSigner(body, rsv);
    }

    /** libsecp256k1's signing alone (RFC 6979 nonce, k·G, low-s): the floor of a receipt signature. */
    @Benchmark
    public byte[] signNativeRaw() {
        return secp.sign(hash, privateKey, null);
    }

    /** One fixed-base multiplication (a public key from a scalar), what the receipt signer adds for the recovery id. */
    @Benchmark
    public byte[] pointFromScalarNative() {
        return secp.pubkeyCreate(privateKey);
    }

    @Benchmark
    public byte[] keccakOfBody() {
        return Keccak256.hash(body);
    }
}
