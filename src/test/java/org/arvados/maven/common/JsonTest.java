package org.arvados.maven.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    @JsonPropertyOrder({"name", "at"})
    record Entry(Instant at, String note, String name, Map<String, String> tags,
                 @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> done, Nested nested) {
    }

    record Nested(long count, Boolean flag) {
    }

    private static final Entry ENTRY = new Entry(Instant.parse("2026-11-02T09:41:07Z"), null, "a", Map.of(),
            List.of(), new Nested(3, true));

    @Test
    void aRecordIsWrittenInItsPropertyOrderWithoutNullsOrTheEmptiesItLeavesOut() {
        assertThat(Json.write(ENTRY)).isEqualTo("""
                {
                  "name" : "a",
                  "at" : "2026-11-02T09:41:07Z",
                  "tags" : { },
                  "nested" : {
                    "count" : 3,
                    "flag" : true
                  }
                }
                """);
    }

    @Test
    void whatItWritesReadsBackAsTheSameRecordAndAsJsonToAnotherLibrary() throws IOException {
        Entry full = new Entry(ENTRY.at(), "n", "a", Map.of("k", "v"), List.of("x"), new Nested(1, null));
        String json = Json.write(full);

        assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), Entry.class)).isEqualTo(full);
        assertThat(new ObjectMapper().readTree(json).at("/done/0").asText()).isEqualTo("x");
    }

    @Test
    void unknownPropertiesAreIgnoredAndMissingOnesAreNull() throws IOException {
        Entry read = Json.read("{\"name\": \"a\", \"newer\": {\"x\": 1}}".getBytes(StandardCharsets.UTF_8),
                Entry.class);

        assertThat(read.name()).isEqualTo("a");
        assertThat(read.at()).isNull();
        assertThat(read.done()).isNull();
    }

    @Test
    void aTimeThatIsNoInstantIsAnErrorQuotingIt() {
        assertThatThrownBy(() -> Json.read("{\"at\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8), Entry.class))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not an instant such as 2026-11-02T09:41:07Z: \"yesterday\"");
    }

    @Test
    void mapValuesThatAreNullAreWritten() {
        assertThat(Json.write(new java.util.TreeMap<>(java.util.Collections.singletonMap("variable", null))))
                .isEqualTo("{\n  \"variable\" : null\n}\n");
    }

    @Test
    void textFollowsKeysAndIndexesAndIsEmptyWhereNothingIs() throws IOException {
        Object tree = Json.readTree("{\"error\": {\"errors\": [{\"code\": 403, \"message\": \"no\"}]}, \"s\": [1]}");

        assertThat(Json.text(tree, "error", "errors", 0, "code")).isEqualTo("403");
        assertThat(Json.text(tree, "error", "errors", 1, "code")).isEmpty();
        assertThat(Json.text(tree, "error")).isEmpty();
        assertThat(Json.text(tree, "s", "x")).isEmpty();
        assertThat(Json.at(tree, "error", "errors", 0)).isInstanceOf(Map.class);
        assertThat(Json.at(tree, "missing", 0)).isNull();
    }
}
