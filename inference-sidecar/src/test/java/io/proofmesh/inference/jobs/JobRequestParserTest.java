package io.proofmesh.inference.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.schemas.common.TensorType;
import io.proofmesh.schemas.jobs.InferenceJob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRequestParserTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String EIGHT_BYTES = Base64.getEncoder().encodeToString(new byte[8]);

    static InferenceJob parse(String json) {
        return JobRequestParser.parse(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void aValidSubmissionBecomesAJobWithAFreshIdAndItsDeadline() {
        InferenceJob j = parse("{\"modelId\":\"mlp-16x32x4\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"FLOAT32\",\"shape\":[1,2],"
                + "\"data\":\"" + EIGHT_BYTES + "\"}],\"deadlineMs\":5000,\"requester\":\"team-a\"}");
        assertThat(j.getJobId()).startsWith("job-").hasSize(40);
        assertThat(j.getModelId()).isEqualTo("mlp-16x32x4");
        assertThat(j.getDeadline()).isEqualTo(NOW.plusMillis(5000));
        assertThat(j.getRequester()).isEqualTo("team-a");
        assertThat(j.getInputs()).singleElement().satisfies(t -> {
            assertThat(t.getDtype()).isEqualTo(TensorType.FLOAT32);
            assertThat(t.getShape()).containsExactly(1L, 2L);
            assertThat(t.getData().remaining()).isEqualTo(8);
        });
        InferenceJob defaults = parse("{\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[],"
                + "\"data\":\"AA==\"}]}");
        assertThat(defaults.getDeadline()).isEqualTo(NOW.plusSeconds(60));
        assertThat(defaults.getRequester()).isEqualTo("api");
        assertThat(parse("{\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"FLOAT32\",\"shape\":[1,2],\"data\":\""
                + EIGHT_BYTES + "\"}]}").getJobId()).isNotEqualTo(defaults.getJobId());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json                 | MALFORMED_JSON | ''                | [1,",
        "array body               | MALFORMED_JSON | ''                | []",
        "unknown field            | UNKNOWN_FIELD  | /priority         | {\"modelId\":\"m\",\"priority\":1,\"inputs\":[]}",
        "missing model            | MISSING_FIELD  | /modelId          | {\"inputs\":[]}",
        "bad model id             | BAD_FIELD      | /modelId          | {\"modelId\":\"../etc\",\"inputs\":[]}",
        "no inputs                | BAD_FIELD      | /inputs           | {\"modelId\":\"m\",\"inputs\":[]}",
        "deadline too short       | BAD_FIELD      | /deadlineMs       | {\"modelId\":\"m\",\"deadlineMs\":5,\"inputs\":[]}",
        "unknown dtype            | BAD_FIELD      | /inputs/0/dtype   | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"FLOAT16\",\"shape\":[1],\"data\":\"AA==\"}]}",
        "negative dimension       | BAD_FIELD      | /inputs/0/shape   | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[-1],\"data\":\"AA==\"}]}",
        "truncated data           | BAD_FIELD      | /inputs/0/data    | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"FLOAT32\",\"shape\":[2],\"data\":\"AAAAAA==\"}]}",
        "not base64               | BAD_FIELD      | /inputs/0/data    | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[1],\"data\":\"!!\"}]}",
        "huge shape               | TOO_LARGE      | /inputs/0/shape   | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[100000,100000],\"data\":\"\"}]}",
        "overflowing shape        | TOO_LARGE      | /inputs/0/shape   | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[4294967296,4294967296,4294967296],\"data\":\"\"}]}",
        "duplicate input          | BAD_FIELD      | /inputs/1/name    | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[1],\"data\":\"AA==\"},{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[1],\"data\":\"AA==\"}]}",
        "unknown tensor field     | UNKNOWN_FIELD  | /inputs/0/scale   | {\"modelId\":\"m\",\"inputs\":[{\"name\":\"x\",\"dtype\":\"UINT8\",\"shape\":[1],\"data\":\"AA==\",\"scale\":2}]}",
    })
    void eachMistakeHasItsCodeAndField(String what, String code, String field, String json) {
        assertThatThrownBy(() -> parse(json)).as(what).isInstanceOfSatisfying(JobRequestException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
