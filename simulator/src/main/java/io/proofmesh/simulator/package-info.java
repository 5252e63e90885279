/**
 * Node-side code: {@code agent} (the NodeAgent SDK), {@code fleet} (the fleet simulator) and
 * {@code load} (the pre-signed ingest load generator behind {@code proofmesh bench ingest}).
 * It speaks to ingest over HTTP only, as a third-party agent would.
 */
package io.proofmesh.simulator;
