package io.proofmesh.ingest.protocol;

import java.util.List;
import java.util.Map;

/**
 * The parsed JSON document, before any protocol meaning is given to it. Numbers keep the
 * distinction the protocol needs — integer in int64, integer beyond it, non-integer — and
 * nothing else: no field of protocol version 1 is fractional.
 */
sealed interface JsonValue {

    /** The JSON type name used in error messages. */
    String typeName();

    /** Fields in document order; keys are unique (duplicates are refused while parsing). */
    record Obj(Map<String, JsonValue> fields) implements JsonValue {
        @Override
        public String typeName() {
            return "object";
        }
    }

    record Arr(List<JsonValue> items) implements JsonValue {
        @Override
        public String typeName() {
            return "array";
        }
    }

    record Str(String value) implements JsonValue {
        @Override
        public String typeName() {
            return "string";
        }
    }

    record Int(long value) implements JsonValue {
        @Override
        public String typeName() {
            return "integer";
        }
    }

    /** An integer outside int64; only its text is kept (never converted: it may be huge). */
    record BigInt(String excerpt) implements JsonValue {
        @Override
        public String typeName() {
            return "integer";
        }
    }

    /** A number with a fraction or an exponent, e.g. {@code 1.0} or {@code 1e3}. Never valid in v1. */
    record Fraction() implements JsonValue {
        @Override
        public String typeName() {
            return "non-integer number";
        }
    }

    record Bool(boolean value) implements JsonValue {
        @Override
        public String typeName() {
            return "boolean";
        }
    }

    record Null() implements JsonValue {
        @Override
        public String typeName() {
            return "null";
        }
    }
}
