package io.proofmesh.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.platform.devstack.DevStack;
import io.proofmesh.platform.testing.DevStackTest;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/** The dev deployment lands at its fixed addresses once and is found (not redeployed) afterwards. */
@DevStackTest
class DevDeploymentIT {

    @Test
    void deploysOnceAtTheFixedAddressesThenFindsTheSameContracts(DevStack stack) throws Exception {
        DeploymentParams params = DevDeployment.params(0, new BigInteger("1000000000000000000000"), 60);
        Deployment first = DevDeployment.ensureDeployed(stack.chainRpcUrl(), params);
        assertThat(first.token()).isEqualTo(DevDeployment.TOKEN);
        assertThat(first.distributor()).isEqualTo(DevDeployment.DISTRIBUTOR);
        assertThat(first.governance()).isEqualTo("0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
        assertThat(first.chainId()).isEqualTo(stack.config().chainId());

        Deployment again = DevDeployment.ensureDeployed(stack.chainRpcUrl(), params);
        assertThat(again).isEqualTo(first);
        Web3j web3j = Web3j.build(new HttpService(stack.chainRpcUrl()));
        try {
            assertThat(web3j.ethGetTransactionCount(DevDeployment.DEPLOYER, DefaultBlockParameterName.LATEST).send()
                    .getTransactionCount()).isEqualTo(BigInteger.TWO);
            ContractClient reader = ContractClient.connect(web3j, null);
            assertThat(RewardDistributorAbi.decodeBool(reader.call("hasRole", first.distributor(),
                    RewardDistributorAbi.hasRole(RewardDistributorAbi.SETTLER_ROLE, DevDeployment.SETTLER)))).isTrue();
            assertThat(RewardDistributorAbi.decodeBool(reader.call("hasRole", first.token(),
                    RewardTokenAbi.hasRole(RewardTokenAbi.MINTER_ROLE, first.distributor())))).isTrue();
        } finally {
            web3j.shutdown();
        }
        // Other parameters than the deployed ones are an error, not a silent reuse.
        assertThatThrownBy(() -> DevDeployment.ensureDeployed(stack.chainRpcUrl(),
                DevDeployment.params(0, BigInteger.ONE, 60))).hasMessageContaining("wiped chain");
    }
}
