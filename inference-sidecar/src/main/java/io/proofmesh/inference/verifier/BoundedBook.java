package io.proofmesh.inference.verifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe map that forgets its oldest entries past a capacity: the verifier's memory of
 * jobs (jobId → job) and of canaries (jobId → expected answer). A result whose job was forgotten
 * is skipped and counted, never guessed at.
 */
final class BoundedBook<V> {

    private final int capacity;
    private final LinkedHashMap<String, V> entries;

    BoundedBook(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > BoundedBook.this.capacity;
            }
        };
    }

    synchronized void put(String key, V value) {
        entries.put(key, value);
    }

    /** True if the key was not there yet (and now is). */
    synchronized boolean putIfAbsent(String key, V value) {
        return entries.putIfAbsent(key, value) == null;
    }

    synchronized Optional<V> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    synchronized boolean contains(String key) {
        return entries.containsKey(key);
    }

    synchronized int size() {
        return entries.size();
    }

    /** The newest {@code n} values, newest last. */
    synchronized List<V> newest(int n) {
        List<V> all = new ArrayList<>(entries.values());
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
