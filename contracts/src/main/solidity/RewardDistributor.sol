// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {RewardToken} from "./RewardToken.sol";

/// @title proofmesh reward distributor
/// @notice The settler posts one Merkle root per epoch over every node's CUMULATIVE reward
///         (leaf = OZ StandardMerkleTree of (address nodeId, address payout, uint256 cumulativeAmount,
///         bytes32 detailsDigest)). Posting mints the growth of the total to this contract, capped at
///         emissionCapPerEpoch per epoch since firstEpoch. Governance may revoke the latest root within
///         the challenge window (burning what it minted); after the window anyone may claim for a node:
///         the node's payout receives cumulativeAmount - claimed[nodeId]. PROTOCOL.md section 15.
contract RewardDistributor is AccessControl, Pausable {
    bytes32 public constant GOVERNANCE_ROLE = keccak256("GOVERNANCE_ROLE");
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    /// One posted epoch. `root` and the packed word (totalCumulative, postedAt, revoked) are the two
    /// slots a claim reads; batchDigest sits apart since only views need it.
    struct EpochRoot {
        bytes32 root;
        bytes32 batchDigest;
        uint128 totalCumulative;
        uint64 postedAt;
        bool revoked;
    }

    RewardToken public immutable token;
    uint64 public immutable firstEpoch;
    uint256 public immutable emissionCapPerEpoch;
    uint64 public immutable challengeWindow;

    mapping(uint64 epoch => EpochRoot) private _roots;
    /// @notice Cumulative amount already paid per node.
    mapping(address nodeId => uint256) public claimed;

    // One slot: the running total, the latest posted epoch and whether any root was posted yet.
    uint128 private _totalCumulative;
    uint64 private _lastPostedEpoch;
    bool private _anyPosted;
    // What the total was before the latest post: restored when that post is revoked.
    uint128 private _totalBeforeLatest;

    event RootPosted(uint64 indexed epoch, bytes32 root, uint256 totalCumulative, uint256 minted, bytes32 batchDigest);
    event RootRevoked(uint64 indexed epoch, bytes32 root, uint256 burned, string reason);
    event Claimed(uint64 indexed epoch, address indexed nodeId, address indexed payout, uint256 amount, uint256 cumulativeAmount);

    error ZeroAddress();
    error EpochBeforeFirst(uint64 epoch, uint64 firstEpoch);
    error EpochNotIncreasing(uint64 epoch, uint64 lastPostedEpoch);
    error EmptyRoot();
    error TotalDecreasing(uint256 totalCumulative, uint256 previousTotal);
    error EmissionCapExceeded(uint256 totalCumulative, uint256 cap);
    error NotLatestEpoch(uint64 epoch, uint64 lastPostedEpoch);
    error AlreadyRevoked(uint64 epoch);
    error ChallengeWindowOver(uint64 epoch, uint256 windowEnd);
    error RootNotPosted(uint64 epoch);
    error EpochRevoked(uint64 epoch);
    error ChallengeWindowOpen(uint64 epoch, uint256 claimableAt);
    error InvalidProof(uint64 epoch, address nodeId);
    error NothingToClaim(address nodeId, uint256 cumulativeAmount, uint256 alreadyClaimed);

    /// @param challengeWindowSeconds seconds after a post during which governance may revoke it and nobody may claim it
    constructor(
        RewardToken token_,
        address governance,
        address settler,
        uint64 firstEpoch_,
        uint256 emissionCapPerEpoch_,
        uint64 challengeWindowSeconds
    ) {
        if (address(token_) == address(0) || governance == address(0) || settler == address(0)) revert ZeroAddress();
        token = token_;
        firstEpoch = firstEpoch_;
        // uint128 keeps cap * epochs far from overflow and totals packable.
        emissionCapPerEpoch = SafeCast.toUint128(emissionCapPerEpoch_);
        challengeWindow = challengeWindowSeconds;
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _grantRole(GOVERNANCE_ROLE, governance);
        _grantRole(SETTLER_ROLE, settler);
    }

    /// @notice Posts the root of `epoch` and mints the growth of the cumulative total to this contract.
    function postRoot(uint64 epoch, bytes32 root, uint256 totalCumulative_, bytes32 batchDigest)
        external
        onlyRole(SETTLER_ROLE)
        whenNotPaused
    {
        if (epoch < firstEpoch) revert EpochBeforeFirst(epoch, firstEpoch);
        if (root == bytes32(0)) revert EmptyRoot();
        uint64 last = _lastPostedEpoch;
        // Strictly increasing, except that the latest epoch may be posted again once revoked.
        if (_anyPosted && (epoch < last || (epoch == last && !_roots[epoch].revoked))) {
            revert EpochNotIncreasing(epoch, last);
        }
        uint256 previous = _totalCumulative;
        if (totalCumulative_ < previous) revert TotalDecreasing(totalCumulative_, previous);
        uint256 cap = emissionCapPerEpoch * (uint256(epoch - firstEpoch) + 1);
        if (totalCumulative_ > cap) revert EmissionCapExceeded(totalCumulative_, cap);
        // Totals are stored as uint128 (cap per epoch < 2^128, but cap * epochs may not be).
        uint128 total = uint128(totalCumulative_);
        if (total != totalCumulative_) revert EmissionCapExceeded(totalCumulative_, type(uint128).max);

        _roots[epoch] = EpochRoot(root, batchDigest, total, uint64(block.timestamp), false);
        _totalBeforeLatest = uint128(previous);
        _totalCumulative = total;
        _lastPostedEpoch = epoch;
        _anyPosted = true;
        uint256 minted = totalCumulative_ - previous;
        if (minted != 0) token.mint(address(this), minted);
        emit RootPosted(epoch, root, totalCumulative_, minted, batchDigest);
    }

    /// @notice Revokes the latest posted root inside its challenge window: burns what its post minted
    ///         and restores the previous total, so the epoch can be posted again. Allowed while paused.
    function revoke(uint64 epoch, string calldata reason) external onlyRole(GOVERNANCE_ROLE) {
        uint64 last = _lastPostedEpoch;
        if (!_anyPosted || epoch != last) revert NotLatestEpoch(epoch, last);
        EpochRoot storage r = _roots[epoch];
        if (r.revoked) revert AlreadyRevoked(epoch);
        uint256 windowEnd = uint256(r.postedAt) + challengeWindow;
        if (block.timestamp >= windowEnd) revert ChallengeWindowOver(epoch, windowEnd);
        r.revoked = true;
        uint128 before = _totalBeforeLatest;
        uint256 burned = uint256(r.totalCumulative) - before;
        _totalCumulative = before;
        if (burned != 0) token.burn(address(this), burned);
        emit RootRevoked(epoch, r.root, burned, reason);
    }

    /// @notice Pays `payout` what `nodeId` earned up to `epoch` and was not paid yet. Anyone may send it.
    /// @return amount the base units transferred
    function claim(
        uint64 epoch,
        address nodeId,
        address payout,
        uint256 cumulativeAmount,
        bytes32 detailsDigest,
        bytes32[] calldata proof
    ) external whenNotPaused returns (uint256 amount) {
        EpochRoot storage r = _roots[epoch];
        bytes32 root = r.root;
        if (root == bytes32(0)) revert RootNotPosted(epoch);
        if (r.revoked) revert EpochRevoked(epoch);
        uint256 claimableAt = uint256(r.postedAt) + challengeWindow;
        if (block.timestamp < claimableAt) revert ChallengeWindowOpen(epoch, claimableAt);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(nodeId, payout, cumulativeAmount, detailsDigest))));
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidProof(epoch, nodeId);
        uint256 already = claimed[nodeId];
        if (cumulativeAmount <= already) revert NothingToClaim(nodeId, cumulativeAmount, already);
        claimed[nodeId] = cumulativeAmount;
        unchecked {
            amount = cumulativeAmount - already;
        }
        // Our own token: transfer reverts on failure, never returns false.
        token.transfer(payout, amount);
        emit Claimed(epoch, nodeId, payout, amount, cumulativeAmount);
    }

    /// @notice Blocks postRoot and claim (governance).
    function pause() external onlyRole(GOVERNANCE_ROLE) {
        _pause();
    }

    /// @notice Lifts a pause (governance).
    function unpause() external onlyRole(GOVERNANCE_ROLE) {
        _unpause();
    }

    /// @notice The posted root of `epoch`; all zero if never posted.
    function roots(uint64 epoch)
        external
        view
        returns (bytes32 root, uint256 totalCumulative_, bytes32 batchDigest, uint64 postedAt, bool revoked)
    {
        EpochRoot storage r = _roots[epoch];
        return (r.root, r.totalCumulative, r.batchDigest, r.postedAt, r.revoked);
    }

    /// @notice The latest posted epoch (revoked or not); 0 before the first post, see hasPostedRoot.
    function lastPostedEpoch() external view returns (uint64) {
        return _lastPostedEpoch;
    }

    /// @notice Whether any root was ever posted.
    function hasPostedRoot() external view returns (bool) {
        return _anyPosted;
    }

    /// @notice Total ever allocated by the non-revoked posts = total minted by this contract.
    function totalCumulative() external view returns (uint256) {
        return _totalCumulative;
    }
}
