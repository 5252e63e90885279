package io.proofmesh.settler.audit;

/** Told how far the audit has read, so a CLI can draw a progress bar. */
@FunctionalInterface
public interface AuditProgress {

    AuditProgress NONE = (read, total, what) -> { };

    /**
     * @param recordsRead records read so far
     * @param recordsTotal records to read in all (an upper bound: offsets, including transaction markers)
     * @param what        what is being read now
     */
    void progress(long recordsRead, long recordsTotal, String what);
}
