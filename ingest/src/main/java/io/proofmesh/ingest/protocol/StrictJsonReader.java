package io.proofmesh.ingest.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes to a {@link JsonValue} tree under the protocol's encoding and syntax rules, in this
 * order: strict UTF-8 (INVALID_UTF8), then RFC 8259 syntax (MALFORMED_JSON), nesting depth
 * (NESTING_TOO_DEEP) and duplicate keys (DUPLICATE_FIELD), the first problem in byte order.
 *
 * <p>The body is decoded to text by a strict decoder before Jackson sees it, so Jackson never
 * guesses an encoding (its byte parser would take a body with zero bytes for UTF-16/32 and
 * read something other than what a UTF-8 verifier reads).
 */
final class StrictJsonReader {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Interning hostile field names would fill the JVM's string table.
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // Length is bounded by the body limit; numbers are never converted unless in int64.
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private static final int MAX_MESSAGE_CHARS = 160;

    private StrictJsonReader() {
    }

    static JsonValue read(byte[] body, int maxDepth) throws RejectedRequestException {
        String text = decodeUtf8(body);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            throw malformed("a byte order mark is not allowed (RFC 8259 §8.1)");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw malformed("the body is empty");
            }
            JsonValue root = readValue(p, first, "", 0, maxDepth);
            if (p.nextToken() != null) {
                throw malformed("content after the JSON value at character " + offset(p.currentTokenLocation()));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw malformed(excerpt(e.getOriginalMessage()) + (at == null ? "" : " at character " + offset(at)));
        } catch (IOException e) {
            throw malformed(excerpt(String.valueOf(e.getMessage())));
        }
    }

    private static String decodeUtf8(byte[] body) throws RejectedRequestException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw Rejection.of(ReasonCode.INVALID_UTF8, "the body is not valid UTF-8 (byte offset " + in.position() + ")")
                    .toException();
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static JsonValue readValue(JsonParser p, JsonToken token, String pointer, int depth, int maxDepth)
            throws IOException, RejectedRequestException {
        switch (token) {
            case START_OBJECT:
                checkDepth(pointer, depth + 1, maxDepth);
                return readObject(p, pointer, depth + 1, maxDepth);
            case START_ARRAY:
                checkDepth(pointer, depth + 1, maxDepth);
                return readArray(p, pointer, depth + 1, maxDepth);
            case VALUE_STRING:
                return new JsonValue.Str(checkedText(p.getText(), pointer));
            case VALUE_NUMBER_INT:
                JsonParser.NumberType type = p.getNumberType();
                if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                    return new JsonValue.Int(p.getLongValue());
                }
                return new JsonValue.BigInt(excerpt(p.getText()));
            case VALUE_NUMBER_FLOAT:
                return new JsonValue.Fraction();
            case VALUE_TRUE:
                return new JsonValue.Bool(true);
            case VALUE_FALSE:
                return new JsonValue.Bool(false);
            case VALUE_NULL:
                return new JsonValue.Null();
            default:
                throw malformed("unexpected token " + token + " at character " + offset(p.currentTokenLocation()));
        }
    }

    private static JsonValue.Obj readObject(JsonParser p, String pointer, int depth, int maxDepth)
            throws IOException, RejectedRequestException {
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            String child = Pointers.child(pointer, name);
            checkedText(name, child);
            if (fields.containsKey(name)) {
                throw new Rejection(ReasonCode.DUPLICATE_FIELD, "field '" + excerpt(name) + "' appears more than once",
                        child).toException();
            }
            fields.put(name, readValue(p, p.nextToken(), child, depth, maxDepth));
        }
        return new JsonValue.Obj(fields);
    }

    private static JsonValue.Arr readArray(JsonParser p, String pointer, int depth, int maxDepth)
            throws IOException, RejectedRequestException {
        List<JsonValue> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            items.add(readValue(p, t, Pointers.child(pointer, items.size()), depth, maxDepth));
        }
        return new JsonValue.Arr(items);
    }

    private static void checkDepth(String pointer, int depth, int maxDepth) throws RejectedRequestException {
        if (depth > maxDepth) {
            throw new Rejection(ReasonCode.NESTING_TOO_DEEP,
                    "objects and arrays nest at most " + maxDepth + " deep", pointer.isEmpty() ? null : pointer)
                    .toException();
        }
    }

    /**
     * A {@code \}{@code uD800}-style escape can smuggle a lone surrogate past the UTF-8 check;
     * such a string is not Unicode text and would be mangled when stored, so it is refused.
     */
    private static String checkedText(String s, String pointer) throws RejectedRequestException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new Rejection(ReasonCode.INVALID_UTF8, "string holds an unpaired surrogate (\\u"
                        + Integer.toHexString(c) + ")", pointer).toException();
            }
        }
        return s;
    }

    private static long offset(JsonLocation at) {
        return at.getCharOffset();
    }

    private static RejectedRequestException malformed(String message) {
        return Rejection.of(ReasonCode.MALFORMED_JSON, message).toException();
    }

    static String excerpt(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
