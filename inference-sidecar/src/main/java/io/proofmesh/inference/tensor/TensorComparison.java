package io.proofmesh.inference.tensor;

import io.proofmesh.schemas.common.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The verifier's rule (PROTOCOL.md §13.5): a node's outputs match the reference when both have
 * the same outputs (names, dtypes, shapes) and every element differs by at most the tolerance.
 * Outputs are paired by name; their order does not matter.
 */
public final class TensorComparison {

    private TensorComparison() {
    }

    /**
     * The result of comparing two output lists.
     *
     * @param maxAbsDiff largest absolute element difference; +Infinity on a structural mismatch or
     *                   where exactly one side is NaN or infinite; 0 for two empty lists; never NaN
     * @param mismatch   why the outputs cannot be compared element-wise, or {@code null} if they can
     */
    public record Difference(double maxAbsDiff, String mismatch) {

        public boolean withinTolerance(double tolerance) {
            return mismatch == null && maxAbsDiff <= tolerance;
        }
    }

    public static double maxAbsDiff(List<Tensor> a, List<Tensor> b) {
        return compare(a, b).maxAbsDiff();
    }

    public static boolean withinTolerance(List<Tensor> a, List<Tensor> b, double tolerance) {
        return compare(a, b).withinTolerance(tolerance);
    }

    /**
     * Element-wise comparison. Equal values (including two NaNs, or two infinities of one sign)
     * differ by 0; NaN against anything else, or an infinity against anything but itself, by
     * +Infinity. Integers are compared exactly and the difference converted to double.
     */
    public static Difference compare(List<Tensor> a, List<Tensor> b) {
        if (a.size() != b.size()) {
            return mismatch(a.size() + " outputs against " + b.size());
        }
        Map<String, Tensor> others = new HashMap<>();
        for (Tensor t : b) {
            if (others.put(t.getName(), t) != null) {
                return mismatch("output " + t.getName() + " appears twice");
            }
        }
        double max = 0;
        for (Tensor x : a) {
            Tensor y = others.remove(x.getName());
            if (y == null) {
                return mismatch("output " + x.getName() + " is missing from one side");
            }
            if (x.getDtype() != y.getDtype()) {
                return mismatch("output " + x.getName() + ": dtype " + x.getDtype() + " against " + y.getDtype());
            }
            if (!x.getShape().equals(y.getShape())) {
                return mismatch("output " + x.getName() + ": shape " + x.getShape() + " against " + y.getShape());
            }
            TensorElements ex;
            TensorElements ey;
            try {
                ex = TensorElements.of(x);
                ey = TensorElements.of(y);
            } catch (IllegalArgumentException e) {
                return mismatch(e.getMessage());
            }
            int n = (int) ex.count();
            boolean floats = Dtype.isFloat(x.getDtype());
            for (int i = 0; i < n && max != Double.POSITIVE_INFINITY; i++) {
                double d = floats ? floatDiff(ex.doubleAt(i), ey.doubleAt(i)) : intDiff(ex.longAt(i), ey.longAt(i));
                if (d > max) {
                    max = d;
                }
            }
        }
        return new Difference(max, null);
    }

    private static double floatDiff(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) && Double.isNaN(y) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(x) || Double.isInfinite(y)) {
            return x == y ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(x - y);
    }

    private static double intDiff(long x, long y) {
        long d = x - y;
        // overflow iff the operands have different signs and the result's sign differs from x's
        if (((x ^ y) & (x ^ d)) < 0) {
            return Math.abs((double) x - (double) y);
        }
        return Math.abs((double) d);
    }

    private static Difference mismatch(String why) {
        return new Difference(Double.POSITIVE_INFINITY, why);
    }
}
