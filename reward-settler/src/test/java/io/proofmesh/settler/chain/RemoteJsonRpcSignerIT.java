package io.proofmesh.settler.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import java.io.IOException;
import java.math.BigInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.utils.Numeric;

/**
 * The remote signer path against a real node that holds the key: anvil answers
 * {@code eth_signTransaction} for its unlocked dev accounts, as web3signer or Clef would.
 */
@Tag("integration")
@DevStackTest
class RemoteJsonRpcSignerIT {

    /** anvil's public dev account #1. */
    private static final Credentials ACCOUNT_1 =
            Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

    @Test
    void aRemoteSignerSignsExactlyWhatALocalKeySigns(DevStack stack) throws Exception {
        String from = ACCOUNT_1.getAddress().toLowerCase();
        RawTransaction tx = RawTransaction.createTransaction(31337, BigInteger.valueOf(7), BigInteger.valueOf(90_000),
                "0x00000000000000000000000000000000000000aa", BigInteger.ZERO, "0x12345678", BigInteger.valueOf(1_000_000_000),
                BigInteger.valueOf(3_000_000_000L));

        byte[] remote = new RemoteJsonRpcSigner(stack.chainRpcUrl(), from).sign(tx, 31337);
        byte[] local = new LocalKeySigner(ACCOUNT_1, "test").sign(tx, 31337);

        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(remote));
        assertThat(decoded.getFrom().toLowerCase()).isEqualTo(from);
        assertThat(decoded.getNonce()).isEqualTo(BigInteger.valueOf(7));
        assertThat(Numeric.cleanHexPrefix(decoded.getData())).isEqualToIgnoringCase("12345678");
        assertThat(Numeric.toHexString(remote)).as("RFC 6979 signatures are deterministic").isEqualTo(Numeric.toHexString(local));
    }

    @Test
    void aSignerThatRefusesSaysWhoAndWhy(DevStack stack) {
        // anvil holds no key for this address: it refuses, as a remote signer without the account would.
        RemoteJsonRpcSigner signer = new RemoteJsonRpcSigner(stack.chainRpcUrl(), "0x00000000000000000000000000000000000000bb");
        RawTransaction tx = RawTransaction.createTransaction(31337, BigInteger.ONE, BigInteger.valueOf(21_000),
                "0x00000000000000000000000000000000000000aa", BigInteger.ZERO, "0x", BigInteger.ONE, BigInteger.TWO);
        assertThatThrownBy(() -> signer.sign(tx, 31337)).isInstanceOf(IOException.class)
                .hasMessageContaining("refused to sign for 0x00000000000000000000000000000000000000bb");
    }
}
