package io.proofmesh.scoring.reward;

import java.util.Arrays;

/**
 * Sorts nodes by nodeId fast: a nodeId is {@code 0x} + 40 lower-case hex digits, so its string
 * order is the order of its number. Sorting primitive keys (the address's leading bits above the
 * input index) and fixing the rare runs whose leading bits tie takes a fraction of a comparator
 * sort of a million strings.
 */
final class NodeOrder {

    private NodeOrder() {
    }

    /** Indexes into {@code nodeIds} in ascending nodeId order (valid lower-case addresses). */
    static int[] sortedIndexes(String[] nodeIds) {
        int n = nodeIds.length;
        int[] order = new int[n];
        if (n == 0) {
            return order;
        }
        int indexBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(n - 1));
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long prefix = leading64(nodeIds[i]) >>> indexBits;
            keys[i] = ((prefix << indexBits) | i) ^ Long.MIN_VALUE; // flipped sign: signed sort = unsigned order
        }
        if (n >= 8192) {
            Arrays.parallelSort(keys);
        } else {
            Arrays.sort(keys);
        }
        long mask = (1L << indexBits) - 1;
        for (int i = 0; i < n; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || (keys[i] >>> indexBits) != (keys[start] >>> indexBits)) {
                if (i - start > 1) {
                    Integer[] run = new Integer[i - start];
                    for (int j = start; j < i; j++) {
                        run[j - start] = order[j];
                    }
                    Arrays.sort(run, (x, y) -> nodeIds[x].compareTo(nodeIds[y]));
                    for (int j = start; j < i; j++) {
                        order[j] = run[j - start];
                    }
                }
                start = i;
            }
        }
        return order;
    }

    /** The first 16 hex digits after 0x as an unsigned 64-bit number. */
    private static long leading64(String address) {
        long v = 0;
        for (int i = 2; i < 18; i++) {
            char c = address.charAt(i);
            v = (v << 4) | (c <= '9' ? c - '0' : c - 'a' + 10);
        }
        return v;
    }
}
