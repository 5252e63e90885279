package io.proofmesh.streams.query;

import io.javalin.http.Context;
import io.proofmesh.platform.crypto.Addresses;

/** Path and query parameters, checked, with a 400 that names the parameter when wrong. */
final class RequestParams {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private RequestParams() {}

    static String nodeId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!Addresses.isCanonical(id)) {
            throw new ApiError(400, "INVALID_NODE_ID", "node ids are lower-case 0x addresses of 40 hex digits, got '"
                    + id + "'");
        }
        return id;
    }

    static long epoch(String raw, String name) {
        try {
            long n = Long.parseLong(raw);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new ApiError(400, "INVALID_EPOCH", name + " must be an epoch number (an integer >= 0), got '" + raw + "'");
    }

    static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error
        }
        throw new ApiError(400, "INVALID_LIMIT", "limit must be an integer from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
    }

    /** The paging cursor: the last nodeId of the previous page, or null for the first page. */
    static String after(Context ctx) {
        String raw = ctx.queryParam("after");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!Addresses.isCanonical(raw)) {
            throw new ApiError(400, "INVALID_CURSOR", "after must be the last nodeId of the previous page, got '" + raw + "'");
        }
        return raw;
    }
}
