package io.proofmesh.settler.settle;

import io.proofmesh.platform.testing.ChildJvm;
import io.proofmesh.settler.service.SettlerService;

/** A settler in a process of its own, for tests that kill it with SIGKILL ({@link ChildJvm}). */
public final class SettlerMain {

    private SettlerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChildJvm.serve(args, "settler", SettlerService::start);
    }
}
