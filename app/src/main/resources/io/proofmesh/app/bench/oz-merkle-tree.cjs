// The raw ceiling of `proofmesh bench settle`: the same reward tree built by OpenZeppelin's
// reference library. Usage: node oz-merkle-tree.cjs <node_modules dir> <leaves file>
// The leaves file has one leaf a line: nodeId,payout,cumulativeAmount,detailsDigest (0x hex).
// Prints one JSON line: {"leaves": n, "millis": build time of StandardMerkleTree.of, "root": "0x..."}.
const path = require('path');
const fs = require('fs');
const { StandardMerkleTree } = require(path.join(process.argv[2], '@openzeppelin', 'merkle-tree'));

const values = [];
for (const line of fs.readFileSync(process.argv[3], 'utf8').split('\n')) {
  if (line.length === 0) continue;
  const [nodeId, payout, cumulative, digest] = line.split(',');
  values.push([nodeId, payout, cumulative, digest]);
}
const start = process.hrtime.bigint();
const tree = StandardMerkleTree.of(values, ['address', 'address', 'uint256', 'bytes32']);
const millis = Number(process.hrtime.bigint() - start) / 1e6;
console.log(JSON.stringify({ leaves: values.length, millis, root: tree.root }));
