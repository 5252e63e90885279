package io.proofmesh.inference.tensor;

import static io.proofmesh.inference.tensor.WireTensors.shape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OutputDigestTest {

    private static final double TOL = 1e-3;

    private static List<Tensor> logits(float... v) {
        return List.of(WireTensors.floats("logits", shape(v.length), v), WireTensors.longs("label", shape(1), 2));
    }

    private static String hex(byte[] b) {
        return "0x" + HexFormat.of().formatHex(b);
    }

    @Test
    void matchesTheFrozenVectorsOfTheIndependentReference() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/output-digest-vectors.json")) {
            doc = new ObjectMapper().readTree(in);
        }
        assertThat(doc.get("vectors")).hasSize(4);
        for (JsonNode v : doc.get("vectors")) {
            List<Tensor> outputs = new ArrayList<>();
            for (JsonNode o : v.get("outputs")) {
                List<Long> dims = new ArrayList<>();
                o.get("shape").forEach(d -> dims.add(d.asLong()));
                outputs.add(new Tensor(o.get("name").asText(), TensorType.valueOf(o.get("dtype").asText()), dims,
                        ByteBuffer.wrap(Base64.getDecoder().decode(o.get("data").asText()))));
            }
            double tolerance = v.get("tolerance").asDouble();
            String about = v.get("about").asText();
            assertThat(hex(OutputDigest.encoding(outputs, tolerance))).as(about).isEqualTo(v.get("encoding").asText());
            assertThat(hex(OutputDigest.of(outputs, tolerance))).as(about).isEqualTo(v.get("outputDigest").asText());
            assertThat(OutputDigest.ofHex(outputs, tolerance)).as(about).isEqualTo(v.get("outputDigest").asText());
        }
    }

    @Test
    void isStableAcrossCallsAndIndependentOfOutputOrder() {
        List<Tensor> a = logits(0.1234f, -2.5f, 7f);
        byte[] first = OutputDigest.of(a, TOL);
        assertThat(first).hasSize(32);
        assertThat(OutputDigest.of(a, TOL)).isEqualTo(first);
        assertThat(OutputDigest.of(List.of(a.get(1), a.get(0)), TOL)).isEqualTo(first);
        assertThat(OutputDigest.encoding(a, TOL)).hasSize(25 + 4 + (4 + 5 + 2 + 8 + 8) + (4 + 6 + 2 + 8 + 3 * 8));
    }

    @Test
    void aChangeBeyondTheToleranceChangesTheDigest() {
        byte[] base = OutputDigest.of(logits(0.1234f, -2.5f, 7f), TOL);
        assertThat(OutputDigest.of(logits(0.1234f + 1.5e-3f, -2.5f, 7f), TOL)).isNotEqualTo(base);
        assertThat(OutputDigest.of(logits(0.1234f, -2.5f, 7.01f), TOL)).isNotEqualTo(base);
        // a changed integer output changes it whatever the tolerance: integers are not quantized
        List<Tensor> otherLabel = List.of(logits(0.1234f, -2.5f, 7f).get(0), WireTensors.longs("label", shape(1), 3));
        assertThat(OutputDigest.of(otherLabel, 100)).isNotEqualTo(OutputDigest.of(logits(0.1234f, -2.5f, 7f), 100));
    }

    @Test
    void shapeAndNameArePartOfTheDigest() {
        Tensor flat = WireTensors.floats("y", shape(4), 1, 2, 3, 4);
        Tensor square = WireTensors.floats("y", shape(2, 2), 1, 2, 3, 4);
        Tensor renamed = WireTensors.floats("z", shape(4), 1, 2, 3, 4);
        Tensor asDouble = WireTensors.doubles("y", shape(4), 1, 2, 3, 4);
        byte[] d = OutputDigest.of(List.of(flat), TOL);
        assertThat(OutputDigest.of(List.of(square), TOL)).isNotEqualTo(d);
        assertThat(OutputDigest.of(List.of(renamed), TOL)).isNotEqualTo(d);
        assertThat(OutputDigest.of(List.of(asDouble), TOL)).isNotEqualTo(d);
    }

    /**
     * Two honest runs whose values differ by a tenth of the tolerance, both at least a tenth of
     * the tolerance away from a quantization boundary, get the same digest.
     */
    @Property(tries = 500)
    void noiseWellInsideTheToleranceKeepsTheDigest(@ForAll @IntRange(min = -100_000, max = 100_000) int k,
                                                   @ForAll @DoubleRange(min = -0.3, max = 0.3) double offset,
                                                   @ForAll @DoubleRange(min = -0.1, max = 0.1) double noise) {
        double x = (k + offset) * TOL;
        double y = x + noise * TOL;
        List<Tensor> a = List.of(WireTensors.doubles("y", shape(2), x, -x));
        List<Tensor> b = List.of(WireTensors.doubles("y", shape(2), y, -y));
        assertThat(OutputDigest.of(b, TOL)).isEqualTo(OutputDigest.of(a, TOL));
        assertThat(TensorComparison.withinTolerance(a, b, TOL)).isTrue();
    }

    @Test
    void valuesStraddlingABoundaryFlipTheDigestThoughTheyAreWithinTolerance() {
        // the reason the digest is only a fast path: verification compares values
        List<Tensor> a = List.of(WireTensors.doubles("y", shape(1), 0.49990 * TOL));
        List<Tensor> b = List.of(WireTensors.doubles("y", shape(1), 0.50010 * TOL));
        assertThat(OutputDigest.of(a, TOL)).isNotEqualTo(OutputDigest.of(b, TOL));
        assertThat(TensorComparison.withinTolerance(a, b, TOL)).isTrue();
    }

    @Test
    void quantizationRoundsHalfToEvenAndPinsNonFiniteValues() {
        assertThat(OutputDigest.quantize(0.25, 0.5)).isZero();
        assertThat(OutputDigest.quantize(0.75, 0.5)).isEqualTo(2);
        assertThat(OutputDigest.quantize(1.25, 0.5)).isEqualTo(2);
        assertThat(OutputDigest.quantize(-0.75, 0.5)).isEqualTo(-2);
        assertThat(OutputDigest.quantize(-0.0001, 1e-3)).isZero();
        assertThat(OutputDigest.quantize(0.1234, 1e-3)).isEqualTo(123);
        assertThat(OutputDigest.quantize(1e300, 1e-3)).isEqualTo(1L << 62);
        assertThat(OutputDigest.quantize(-Double.MAX_VALUE, 1e-300)).isEqualTo(-(1L << 62));
        assertThat(OutputDigest.quantize(Double.NaN, 1)).isEqualTo((1L << 62) + 2);
        assertThat(OutputDigest.quantize(Double.POSITIVE_INFINITY, 1)).isEqualTo((1L << 62) + 1);
        assertThat(OutputDigest.quantize(Double.NEGATIVE_INFINITY, 1)).isEqualTo(-(1L << 62) - 1);
    }

    @Test
    void refusesABadToleranceAndDuplicateNames() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> OutputDigest.of(logits(1), bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tolerance");
        }
        Tensor y = WireTensors.floats("y", shape(1), 1);
        assertThatThrownBy(() -> OutputDigest.of(List.of(y, y), TOL)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two outputs are named y");
    }
}
