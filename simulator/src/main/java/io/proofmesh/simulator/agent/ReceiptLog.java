package io.proofmesh.simulator.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The receipts a node (or a whole simulated fleet) collected: kept in memory and, if a file is
 * given, appended as JSON lines {@code {"receipt": <the exact body as a string>, "signature": "0x…"}}
 * so they can be re-verified later with {@code cast wallet verify}.
 */
public final class ReceiptLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConcurrentLinkedQueue<Receipt> receipts = new ConcurrentLinkedQueue<>();
    private final BufferedWriter file;

    private ReceiptLog(BufferedWriter file) {
        this.file = file;
    }

    public static ReceiptLog inMemory() {
        return new ReceiptLog(null);
    }

    public static ReceiptLog appendingTo(Path path) throws IOException {
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        return new ReceiptLog(Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    }

    public void add(Receipt r) {
        receipts.add(r);
        if (file != null) {
            ObjectNode line = JSON.createObjectNode().put("receipt", r.bodyText()).put("signature", r.signatureHeader());
            synchronized (file) {
                try {
                    file.write(line.toString());
                    file.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to the receipt file: " + e.getMessage(), e);
                }
            }
        }
    }

    public List<Receipt> all() {
        return new ArrayList<>(receipts);
    }

    public int size() {
        return receipts.size();
    }

    public Optional<Receipt> find(String nodeId, long seq) {
        return receipts.stream().filter(r -> r.nodeId().equals(nodeId) && r.seq() == seq).findFirst();
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            synchronized (file) {
                file.close();
            }
        }
    }

    public void flush() throws IOException {
        if (file != null) {
            synchronized (file) {
                file.flush();
            }
        }
    }
}
