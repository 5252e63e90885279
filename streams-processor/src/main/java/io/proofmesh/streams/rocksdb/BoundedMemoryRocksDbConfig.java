package io.proofmesh.streams.rocksdb;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the instance together: one LRU block cache shared
 * by all stores, with memtables charged against it through a write-buffer manager, and index and
 * filter blocks kept in the cache too. Without it each store (× partitions) allocates its own
 * cache and memtables and the process grows with the partition count.
 *
 * <p>The budget comes from {@link #TOTAL_BYTES_CONFIG} in the Streams config (default 64 MiB).
 */
public final class BoundedMemoryRocksDbConfig implements RocksDBConfigSetter {

    public static final String TOTAL_BYTES_CONFIG = "proofmesh.rocksdb.total.bytes";
    public static final long DEFAULT_TOTAL_BYTES = 64L << 20;
    /** Share of the budget memtables may take. */
    private static final double WRITE_BUFFER_SHARE = 0.5;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long budget;

    private static synchronized void init(long totalBytes) {
        if (cache == null) {
            budget = totalBytes;
            cache = new LRUCache(totalBytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager((long) (totalBytes * WRITE_BUFFER_SHARE), cache);
        }
    }

    /** The budget in force (0 before the first store opened). */
    public static synchronized long budgetBytes() {
        return budget;
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object v = configs.get(TOTAL_BYTES_CONFIG);
        init(v == null ? DEFAULT_TOTAL_BYTES : Long.parseLong(v.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store: never closed per store.
    }
}
