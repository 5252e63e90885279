package io.proofmesh.platform.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port checks with errors that say which port, for what, and which flag moves it. */
public final class Ports {

    private Ports() {
    }

    /** Where {@link #freePort} looks: below Linux's ephemeral range (32768–60999 by default). */
    static final int FIRST_TEST_PORT = 20_000;
    static final int LAST_TEST_PORT = 32_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free a moment ago, for tests and throw-away stacks. It is taken from below
     * the kernel's ephemeral range: a port the kernel picked for us ({@code new ServerSocket(0)})
     * lies in the range it also hands to outgoing connections, and with Kafka clients and HTTP
     * clients connecting all the time, one of them could take it before the child process binds
     * it. Never the same port twice in one JVM.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = random.nextInt(FIRST_TEST_PORT, LAST_TEST_PORT);
            if (HANDED_OUT.add(port) && isFree(port)) {
                return port;
            }
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            HANDED_OUT.add(s.getLocalPort());
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free local port: " + e.getMessage(), e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            return false;
        }
        // Something bound to 0.0.0.0 or ::1 may still answer on localhost: try to connect too.
        return !isListening(port);
    }

    public static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with "port 9092 (Kafka broker) is already in use; ... --kafka-port" when taken. */
    public static void requireFree(int port, String what, String flag) {
        if (!isFree(port)) {
            throw new PortInUseException(port, what, flag);
        }
    }

    /** A port is taken. */
    public static final class PortInUseException extends RuntimeException {
        private final int port;

        public PortInUseException(int port, String what, String flag) {
            super("port " + port + " (" + what + ") is already in use. Stop whatever listens there "
                    + "(e.g. `ss -ltnp 'sport = :" + port + "'` shows it; a previous `proofmesh dev` may still run) "
                    + "or choose another port with " + flag + ".");
            this.port = port;
        }

        public int port() {
            return port;
        }
    }
}
