#!/usr/bin/env node
// Reference tree for the contract tests, built by OpenZeppelin's own @openzeppelin/merkle-tree (not by
// project code): reads a JSON array of [nodeId, payout, cumulativeAmount (decimal string), detailsDigest]
// from the file given as argument and prints {"root": "0x…", "proofs": [[…], …]} (proofs in input order).
'use strict';
const fs = require('fs');
const path = require('path');
const nodeModules = process.argv[3] || path.resolve(__dirname, '../../../../node_modules');
const { StandardMerkleTree } = require(path.join(nodeModules, '@openzeppelin/merkle-tree'));

const values = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const tree = StandardMerkleTree.of(values, ['address', 'address', 'uint256', 'bytes32']);
const proofs = values.map((_, i) => tree.getProof(i));
process.stdout.write(JSON.stringify({ root: tree.root, proofs }));
