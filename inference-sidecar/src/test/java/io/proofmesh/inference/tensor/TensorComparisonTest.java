package io.proofmesh.inference.tensor;

import static io.proofmesh.inference.tensor.WireTensors.shape;
import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.schemas.common.Tensor;
import io.proofmesh.schemas.common.TensorType;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorComparisonTest {

    private static List<Tensor> out(float... v) {
        return List.of(WireTensors.floats("y", shape(v.length), v), WireTensors.longs("label", shape(1), 3));
    }

    @Test
    void identicalOutputsDifferByZero() {
        assertThat(TensorComparison.compare(out(1, 2), out(1, 2))).isEqualTo(new TensorComparison.Difference(0, null));
    }

    @Test
    void theLargestElementDifferenceIsReported() {
        assertThat(TensorComparison.maxAbsDiff(out(1, 2, 3), out(1.25f, 2, 2.5f))).isEqualTo(0.5);
    }

    @Test
    void outputsArePairedByNameNotPosition() {
        List<Tensor> a = out(1, 2);
        List<Tensor> reversed = List.of(a.get(1), a.get(0));
        assertThat(TensorComparison.maxAbsDiff(a, reversed)).isZero();
    }

    @Test
    void toleranceBoundIsInclusive() {
        assertThat(TensorComparison.withinTolerance(out(1, 2), out(1, 2.5f), 0.5)).isTrue();
        assertThat(TensorComparison.withinTolerance(out(1, 2), out(1, 2.5f), 0.49)).isFalse();
    }

    @Test
    void integersMustMatchUnderAToleranceBelowOne() {
        List<Tensor> a = List.of(WireTensors.longs("label", shape(1), 3));
        List<Tensor> b = List.of(WireTensors.longs("label", shape(1), 4));
        assertThat(TensorComparison.maxAbsDiff(a, b)).isEqualTo(1);
        assertThat(TensorComparison.withinTolerance(a, b, 1e-3)).isFalse();
    }

    @Test
    void extremeIntegersDoNotOverflow() {
        List<Tensor> a = List.of(WireTensors.longs("l", shape(1), Long.MIN_VALUE));
        List<Tensor> b = List.of(WireTensors.longs("l", shape(1), Long.MAX_VALUE));
        assertThat(TensorComparison.maxAbsDiff(a, b)).isEqualTo(0x1p64);
    }

    @Test
    void nanAndInfinityAreHandled() {
        assertThat(TensorComparison.maxAbsDiff(out(Float.NaN), out(Float.NaN))).isZero();
        assertThat(TensorComparison.maxAbsDiff(out(Float.NaN), out(0))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(TensorComparison.maxAbsDiff(out(0), out(Float.NaN))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(TensorComparison.maxAbsDiff(out(Float.POSITIVE_INFINITY), out(Float.POSITIVE_INFINITY))).isZero();
        assertThat(TensorComparison.maxAbsDiff(out(Float.POSITIVE_INFINITY), out(Float.NEGATIVE_INFINITY)))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(TensorComparison.withinTolerance(out(Float.NaN), out(0), 1e9)).isFalse();
    }

    @Test
    void structuralMismatchesAreInfiniteWithAReason() {
        assertMismatch(out(1, 2), out(1, 2, 3), "shape");
        assertMismatch(out(1), List.of(WireTensors.floats("y", shape(1), 1)), "2 outputs against 1");
        assertMismatch(out(1), List.of(WireTensors.floats("z", shape(1), 1), WireTensors.longs("label", shape(1), 3)), "missing");
        assertMismatch(out(1), List.of(WireTensors.doubles("y", shape(1), 1), WireTensors.longs("label", shape(1), 3)), "dtype");
        assertMismatch(out(1), List.of(WireTensors.raw("y", TensorType.FLOAT32, shape(1), new byte[3]),
                WireTensors.longs("label", shape(1), 3)), "data bytes");
    }

    private static void assertMismatch(List<Tensor> a, List<Tensor> b, String why) {
        TensorComparison.Difference d = TensorComparison.compare(a, b);
        assertThat(d.maxAbsDiff()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(d.mismatch()).contains(why);
        assertThat(d.withinTolerance(Double.MAX_VALUE)).isFalse();
    }
}
