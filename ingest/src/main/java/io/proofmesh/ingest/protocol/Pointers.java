package io.proofmesh.ingest.protocol;

/** JSON pointers (RFC 6901) naming where in a body a problem is. */
final class Pointers {

    private Pointers() {
    }

    static String child(String parent, String fieldName) {
        return parent + "/" + fieldName.replace("~", "~0").replace("/", "~1");
    }

    static String child(String parent, int index) {
        return parent + "/" + index;
    }
}
