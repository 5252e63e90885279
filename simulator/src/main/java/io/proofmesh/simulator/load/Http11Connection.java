package io.proofmesh.simulator.load;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client connection for the load generator: writes a request
 * prepared as bytes ahead of time and reads the status and body of the answer. It shares the
 * CPU with the gateway under test, so it does only what a request needs — no header maps, no
 * string building per request, one thread per connection, blocking I/O.
 */
final class Http11Connection implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] line = new byte[8192];

    Http11Connection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The complete wire form of a signed telemetry POST, built once before the run. */
    static byte[] telemetryPost(String host, int port, PresignedRequest r) {
        byte[] head = ("POST /v1/telemetry HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nX-Proofmesh-Signature: " + r.signatureHeader()
                + "\r\nContent-Length: " + r.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] wire = new byte[head.length + r.body().length];
        System.arraycopy(head, 0, wire, 0, head.length);
        System.arraycopy(r.body(), 0, wire, head.length, r.body().length);
        return wire;
    }

    /** Sends one request and returns the status code once the whole answer is read. */
    int exchange(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        out.write(request);
        out.flush();
        int status = readStatusLine();
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        int n;
        while ((n = readLine()) > 0) {
            String h = new String(line, 0, n, StandardCharsets.US_ASCII);
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            }
        }
        if (chunked) {
            long size;
            while ((size = Long.parseLong(new String(line, 0, readLine(), StandardCharsets.US_ASCII).trim(), 16)) > 0) {
                skip(size);
                readLine();
            }
            readLine();
        } else if (contentLength > 0) {
            skip(contentLength);
        }
        if (close) {
            close();
        }
        return status;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    private int readStatusLine() throws IOException {
        int n = readLine();
        // "HTTP/1.1 202 Accepted"
        if (n < 12 || line[8] != ' ') {
            throw new IOException("not an HTTP/1.1 status line: " + new String(line, 0, Math.max(n, 0), StandardCharsets.US_ASCII));
        }
        return (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    }

    /** Reads one CRLF-terminated line into {@link #line}; returns its length without the CRLF. */
    private int readLine() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
            }
            if (n == line.length) {
                throw new IOException("header line longer than " + line.length + " bytes");
            }
            line[n++] = (byte) b;
        }
    }

    private void skip(long count) throws IOException {
        long left = count;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed inside a body");
                }
                s = 1;
            }
            left -= s;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a load connection: nothing to do
            }
            socket = null;
        }
    }
}
