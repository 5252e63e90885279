// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title proofmesh reward token
/// @notice ERC-20 with 18 decimals. Only holders of MINTER_ROLE (the RewardDistributor) mint and burn;
///         DEFAULT_ADMIN_ROLE (governance) may move that role to another distributor.
contract RewardToken is ERC20, AccessControl {
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param admin   governance: holds DEFAULT_ADMIN_ROLE (grants and revokes MINTER_ROLE)
    /// @param minter  the RewardDistributor (its address is known before it is deployed)
    constructor(string memory name_, string memory symbol_, address admin, address minter) ERC20(name_, symbol_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, minter);
    }

    /// @notice Mints `amount` base units to `to`; the distributor mints to itself when a root is posted.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @notice Burns `amount` base units held by `from`; the distributor burns what a revoked root minted.
    function burn(address from, uint256 amount) external onlyRole(MINTER_ROLE) {
        _burn(from, amount);
    }
}
