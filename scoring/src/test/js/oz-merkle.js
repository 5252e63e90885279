// Reference trees for MerkleTreeOzTest: builds each case with OpenZeppelin's own
// @openzeppelin/merkle-tree (an implementation proofmesh did not write) and prints, per case,
// the root and, per entry in tree.entries() order, the leaf hash and proof.
// Usage: node oz-merkle.js <cases.json>   (cases: [{name, values: [[nodeId, payout, amount, digest], ...]}])
'use strict';
const fs = require('fs');
const { StandardMerkleTree } = require('@openzeppelin/merkle-tree');

const TYPES = ['address', 'address', 'uint256', 'bytes32'];
const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = cases.map(c => {
  const tree = StandardMerkleTree.of(c.values, TYPES);
  const entries = [];
  for (const [i, v] of tree.entries()) {
    entries.push({ index: i, nodeId: v[0].toLowerCase(), leafHash: tree.leafHash(v), proof: tree.getProof(i) });
  }
  return { name: c.name, root: tree.root, entries };
});
process.stdout.write(JSON.stringify(out));
