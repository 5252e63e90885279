package io.proofmesh.scoring.reward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The primitive-key nodeId sort equals a plain string sort, including runs whose leading digits tie. */
class NodeOrderTest {

    @Test
    void equalsAStringSort() {
        Random random = new Random(3);
        for (int n : new int[] {0, 1, 2, 17, 1000, 20_000}) {
            String[] ids = new String[n];
            byte[] a = new byte[20];
            for (int i = 0; i < n; i++) {
                random.nextBytes(a);
                if (i % 3 == 0) {
                    Arrays.fill(a, 0, 12, (byte) 0x42); // many share their first 24 hex digits
                }
                ids[i] = "0x" + HexFormat.of().formatHex(a);
            }
            int[] order = NodeOrder.sortedIndexes(ids);
            int[] expected = IntStream.range(0, n).boxed().sorted(Comparator.comparing(i -> ids[i]))
                    .mapToInt(Integer::intValue).toArray();
            assertThat(order).as("n = %d", n).isEqualTo(expected);
        }
    }
}
