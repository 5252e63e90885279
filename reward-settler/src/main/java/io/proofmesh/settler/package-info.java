/** The reward settler: settlement of closed epochs on-chain, the claims and liabilities API, the audit. */
package io.proofmesh.settler;
