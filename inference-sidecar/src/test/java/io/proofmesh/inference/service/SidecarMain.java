package io.proofmesh.inference.service;

import io.proofmesh.platform.testing.ChildJvm;

/**
 * A sidecar in a process of its own, for tests that kill it ({@link ChildJvm}): prints
 * {@link ChildJvm#READY} once the {@link SidecarService} runs, then serves until killed.
 */
public final class SidecarMain {

    private SidecarMain() {}

    public static void main(String[] args) throws InterruptedException {
        ChildJvm.serve(args, "sidecar", SidecarService::start);
    }
}
