#!/usr/bin/env node
// Compiles every .sol file of a source folder with solc-js (standard JSON), resolving imports such
// as "@openzeppelin/contracts/..." from node_modules, and writes one JSON artifact per contract:
// { contractName, sourceName, compilerVersion, settings, sourceSha256, abi, bytecode, deployedBytecode,
//   immutableReferences }. Output is deterministic (sorted sources, fixed key order, no timestamps).
// An artifact whose inputHash matches is left alone, so unchanged sources cost no compile.
// Usage: node compile.cjs <solidity-dir> <node_modules-dir> <out-dir> [<input-hash-file>]
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const [srcDir, nodeModules, outDir, stampArg] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!srcDir || !nodeModules || !outDir) {
  console.error('usage: node compile.cjs <solidity-dir> <node_modules-dir> <out-dir>');
  process.exit(2);
}
if (!fs.existsSync(path.join(nodeModules, 'solc'))) {
  console.error(`solc is not installed in ${nodeModules}: run \`npm ci\` in the repository root (the platform module's build does it)`);
  process.exit(2);
}
const solc = require(path.join(nodeModules, 'solc'));

const SETTINGS = {
  evmVersion: 'prague',
  optimizer: { enabled: true, runs: 200 },
  metadata: { bytecodeHash: 'none' }, // no IPFS hash: identical code from identical sources everywhere
  outputSelection: {
    '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.deployedBytecode.immutableReferences'] },
  },
};

const sha256 = (text) => crypto.createHash('sha256').update(text).digest('hex');

const files = fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort();
const sources = {};
for (const f of files) sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };

// Imports resolve against the source folder first, then node_modules (@openzeppelin/contracts).
function findImports(importPath) {
  const local = path.join(srcDir, importPath);
  const candidate = fs.existsSync(local) ? local : path.join(nodeModules, importPath);
  if (!candidate.startsWith(srcDir) && !candidate.startsWith(nodeModules)) return { error: `import outside the source and node_modules folders: ${importPath}` };
  if (!fs.existsSync(candidate)) return { error: `not found: ${importPath} (looked in ${srcDir} and ${nodeModules})` };
  return { contents: fs.readFileSync(candidate, 'utf8') };
}

const version = solc.version();
const inputHash = sha256(JSON.stringify({ version, SETTINGS, sources: files.map((f) => [f, sha256(sources[f].content)]),
  oz: JSON.parse(fs.readFileSync(path.join(nodeModules, '@openzeppelin/contracts/package.json'), 'utf8')).version }));

// The stamp lives outside the artifact folder (not packaged); artifacts must still be there.
const stampFile = stampArg || path.join(outDir, '..', '.solc-input-sha256');
const artifactsPresent = files.every((f) => fs.existsSync(path.join(outDir, path.basename(f, '.sol') + '.json')));
if (artifactsPresent && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === inputHash) {
  console.log(`contracts up to date (${files.join(', ')})`);
  process.exit(0);
}

const started = Date.now();
const output = JSON.parse(solc.compile(JSON.stringify({ language: 'Solidity', sources, settings: SETTINGS }), { import: findImports }));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
for (const w of (output.errors || []).filter((e) => e.severity !== 'error')) console.warn(w.formattedMessage);
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage);
  console.error(`solc ${version}: ${errors.length} error(s); no artifacts written`);
  process.exit(1);
}

fs.mkdirSync(outDir, { recursive: true });
const written = [];
for (const sourceName of files) {
  for (const [contractName, c] of Object.entries(output.contracts[sourceName] || {}).sort()) {
    if (!c.evm.bytecode.object) continue; // interfaces and abstract contracts
    const artifact = {
      contractName,
      sourceName,
      compilerVersion: version,
      settings: { evmVersion: SETTINGS.evmVersion, optimizer: SETTINGS.optimizer, bytecodeHash: SETTINGS.metadata.bytecodeHash },
      sourceSha256: sha256(sources[sourceName].content),
      abi: c.abi,
      bytecode: '0x' + c.evm.bytecode.object,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      immutableReferences: c.evm.deployedBytecode.immutableReferences || {},
    };
    fs.writeFileSync(path.join(outDir, contractName + '.json'), JSON.stringify(artifact, null, 2) + '\n');
    written.push(`${contractName} (${(artifact.deployedBytecode.length - 2) / 2} bytes)`);
  }
}
fs.writeFileSync(stampFile, inputHash);
console.log(`solc ${version}: compiled ${written.join(', ')} in ${Date.now() - started} ms`);
