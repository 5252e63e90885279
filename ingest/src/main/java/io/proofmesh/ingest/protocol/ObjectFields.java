package io.proofmesh.ingest.protocol;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed, checked access to one JSON object's fields for the validator. Every getter records
 * its problem (with the field's pointer) in {@link Problems} and returns null rather than
 * throwing, so the walk goes on and the first problem of each stage can be reported.
 */
final class ObjectFields {

    private final JsonValue.Obj object;
    private final String pointer;
    private final Problems problems;

    private ObjectFields(JsonValue.Obj object, String pointer, Problems problems) {
        this.object = object;
        this.pointer = pointer;
        this.problems = problems;
    }

    /** Null (with a WRONG_TYPE problem) if {@code value} is not an object. */
    static ObjectFields of(JsonValue value, String pointer, Problems problems) {
        if (value instanceof JsonValue.Obj o) {
            return new ObjectFields(o, pointer, problems);
        }
        problems.structural(ReasonCode.WRONG_TYPE, "expected an object, got " + value.typeName(), pointer);
        return null;
    }

    /** Records UNKNOWN_FIELD for the first field (document order) not in {@code declared}. */
    void rejectUnknown(Set<String> declared) {
        for (String name : object.fields().keySet()) {
            if (!declared.contains(name)) {
                problems.structural(ReasonCode.UNKNOWN_FIELD, "unknown field '" + StrictJsonReader.excerpt(name) + "'",
                        at(name));
                return;
            }
        }
    }

    String at(String name) {
        return Pointers.child(pointer, name);
    }

    private JsonValue required(String name) {
        JsonValue v = object.fields().get(name);
        if (v == null) {
            problems.structural(ReasonCode.MISSING_FIELD, "field '" + name + "' is required", at(name));
        }
        return v;
    }

    private void wrongType(String name, String expected, JsonValue got) {
        problems.structural(ReasonCode.WRONG_TYPE, "'" + name + "' must be " + expected + ", got " + got.typeName(),
                at(name));
    }

    /** A JSON integer within [min, max]; a fraction or exponent is WRONG_TYPE, beyond int64 OUT_OF_RANGE. */
    Long integer(String name, long min, long max) {
        JsonValue v = required(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonValue.Int i) {
            if (i.value() < min || i.value() > max) {
                outOfRange(name, min, max, Long.toString(i.value()));
                return null;
            }
            return i.value();
        }
        if (v instanceof JsonValue.BigInt b) {
            outOfRange(name, min, max, b.excerpt());
            return null;
        }
        wrongType(name, "an integer (no fraction, no exponent)", v);
        return null;
    }

    Integer int32(String name, int min, int max) {
        Long v = integer(name, min, max);
        return v == null ? null : v.intValue();
    }

    private void outOfRange(String name, long min, long max, String got) {
        String range = max == Long.MAX_VALUE ? "≥ " + min : min + ".." + max;
        problems.semantic(ReasonCode.OUT_OF_RANGE, "'" + name + "' must be " + range + ", got " + got, at(name));
    }

    Boolean bool(String name) {
        JsonValue v = required(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonValue.Bool b) {
            return b.value();
        }
        wrongType(name, "true or false", v);
        return null;
    }

    /** A string of minChars..maxChars code points without control characters. */
    String string(String name, int minChars, int maxChars) {
        JsonValue v = required(name);
        return v == null ? null : checkString(name, v, minChars, maxChars, false);
    }

    /** Absent or null both mean "none" (many serialisers write null for an empty optional). */
    String optionalString(String name, int maxChars, boolean allowLineBreaks) {
        JsonValue v = object.fields().get(name);
        if (v == null || v instanceof JsonValue.Null) {
            return null;
        }
        return checkString(name, v, 0, maxChars, allowLineBreaks);
    }

    /** A string that must match {@code format} entirely (INVALID_FORMAT otherwise). */
    String formatted(String name, Pattern format, String description) {
        JsonValue v = required(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonValue.Str s)) {
            wrongType(name, "a string", v);
            return null;
        }
        if (!format.matcher(s.value()).matches()) {
            problems.semantic(ReasonCode.INVALID_FORMAT, "'" + name + "' must be " + description + ", got '"
                    + StrictJsonReader.excerpt(s.value()) + "'", at(name));
            return null;
        }
        return s.value();
    }

    private String checkString(String name, JsonValue v, int minChars, int maxChars, boolean allowLineBreaks) {
        if (!(v instanceof JsonValue.Str s)) {
            wrongType(name, "a string", v);
            return null;
        }
        String value = s.value();
        int chars = value.codePointCount(0, value.length());
        if (chars < minChars || chars > maxChars) {
            problems.semantic(ReasonCode.OUT_OF_RANGE, "'" + name + "' must have " + minChars + ".." + maxChars
                    + " characters, got " + chars, at(name));
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
            // Unicode's control characters (general category Cc): C0, DEL and C1.
            if ((c < 0x20 || (c >= 0x7f && c <= 0x9f)) && !(allowLineBreaks && lineBreak)) {
                problems.semantic(ReasonCode.INVALID_FORMAT, "'" + name + "' must not contain control characters (U+"
                        + String.format("%04X", (int) c) + " at index " + i + ")", at(name));
                return null;
            }
        }
        return value;
    }

    JsonValue.Arr array(String name) {
        JsonValue v = required(name);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonValue.Arr a) {
            return a;
        }
        wrongType(name, "an array", v);
        return null;
    }

    /** The nested object's fields, or null (MISSING_FIELD / WRONG_TYPE recorded). */
    ObjectFields object(String name) {
        JsonValue v = required(name);
        return v == null ? null : of(v, at(name), problems);
    }

    /** The raw value, or null when absent (no problem recorded). */
    JsonValue peek(String name) {
        return object.fields().get(name);
    }
}
