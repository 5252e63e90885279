package io.proofmesh.platform.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks with errors that say which port, for what, and which flag moves it. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago (for tests; a race with other processes is possible but rare). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
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
