package io.proofmesh.platform.serde;

import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;

/** The Avro data model for generic records: logical time types as java.time, like the generated classes. */
final class AvroModels {

    private static final GenericData GENERIC = new GenericData();

    static {
        GENERIC.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        GENERIC.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        GENERIC.addLogicalTypeConversion(new TimeConversions.DateConversion());
    }

    private AvroModels() {
    }

    static GenericData generic() {
        return GENERIC;
    }
}
