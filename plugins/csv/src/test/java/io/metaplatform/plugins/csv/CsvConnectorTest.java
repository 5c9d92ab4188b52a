package io.metaplatform.plugins.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.CancelledException;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.testkit.FakeHttpServer;
import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import io.metaplatform.plugins.testkit.InMemoryRecordSink.Rejection;
import io.metaplatform.plugins.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvConnectorTest {

    private final CsvConnector connector = new CsvConnector();

    @Test
    void turnsEachRowOfAnUploadIntoARecordKeyedByTheKeyColumnWithFieldsNamedAfterTheHeader() {
        var sink = read(Map.of("keyColumn", "number"), "\uFEFFnumber,name,city\r\nK-1,ACME GmbH,Berlin\r\nK-2,\"Beta, Inc.\",\r\n");

        assertThat(sink.records()).containsExactly(
                new ExternalRecord("K-1", java.util.Optional.empty(), fields("number", "K-1", "name", "ACME GmbH", "city", "Berlin"))
                        .withSource("row 2"),
                new ExternalRecord("K-2", java.util.Optional.empty(), fields("number", "K-2", "name", "Beta, Inc.", "city", null))
                        .withSource("row 3"));
        assertThat(sink.rejections()).isEmpty();
    }

    @Test
    void sendsBadRowsToDeadLettersWithTheirRowNumberAndReasonAndImportsTheRest() {
        var sink = read(Map.of("keyColumn", "id"), """
                id,name,email
                1,Ann,ann@example.com
                2,Bob
                ,Nobody,nobody@example.com
                4,"Eve"x,eve@example.com
                5,Dan,dan@example.com
                """);

        assertThat(sink.externalIds()).containsExactly("1", "5");
        assertThat(sink.rejections()).containsExactly(
                new Rejection("rows", "2", "row 3: has 2 columns, the header has 3", "2,Bob"),
                new Rejection("rows", null, "row 4: has no value in key column id", ",Nobody,nobody@example.com"),
                new Rejection("rows", "4", "row 5: text after the closing quote of column 2", "4,\"Eve\"x,eve@example.com"));
    }

    @Test
    void failsTheRunWhenTheKeyColumnIsNotInTheFile() {
        assertThatThrownBy(() -> read(Map.of("keyColumn", "customerNo"), "id,name\n1,x\n"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("key column customerNo is not one of the file's columns [id, name]");
    }

    @Test
    void failsTheRunWhenTheHeaderNamesAColumnTwice() {
        assertThatThrownBy(() -> read(Map.of("keyColumn", "id"), "id,name,name\n1,x,y\n"))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("the header names column name twice");
    }

    @Test
    void namesColumnsByPositionWhenTheFileHasNoHeader() {
        var sink = read(Map.of("keyColumn", "column2", "hasHeader", "false", "delimiter", ";"), "Berlin;B-1\nParis;P-7\n");

        assertThat(sink.records()).extracting(ExternalRecord::externalId).containsExactly("B-1", "P-7");
        assertThat(sink.records().getFirst().fields()).isEqualTo(fields("column1", "Berlin", "column2", "B-1"));
    }

    @Test
    void decodesTheConfiguredEncoding() {
        var sink = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id", "encoding", "ISO-8859-1", "delimiter", "tab"), sink)
                .upload("id\tname\n1\tMüller\n".getBytes(StandardCharsets.ISO_8859_1)).build());

        assertThat(sink.records().getFirst().fields().get("name")).isEqualTo("Müller");
    }

    @Test
    void anIncrementalRunOfTheSameFileGoesOnAfterTheCheckpointedRow() {
        String file = rows(2_500);
        var first = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id"), first).upload(bytes(file)).build());
        Map<String, String> atRow1000 = first.checkpoints().getFirst();

        var resumed = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id"), resumed).mode(SyncMode.INCREMENTAL).state(atRow1000).upload(bytes(file)).build());

        assertThat(atRow1000).containsEntry("row", "1000");
        assertThat(resumed.externalIds()).hasSize(1_501).first().isEqualTo("R1000");
        assertThat(resumed.lastCheckpoint().orElseThrow()).isEqualTo(first.lastCheckpoint().orElseThrow());
    }

    @Test
    void anIncrementalRunOfAFileThatOnlyGrewReadsTheNewRows() {
        var first = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id"), first).upload(bytes(rows(1_200))).build());

        var next = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id"), next).mode(SyncMode.INCREMENTAL)
                .state(first.lastCheckpoint().orElseThrow()).upload(bytes(rows(1_205))).build());

        assertThat(next.externalIds()).containsExactly("R1201", "R1202", "R1203", "R1204", "R1205");
    }

    @Test
    void anIncrementalRunOfADifferentFileStartsOver() {
        var first = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id"), first).upload(bytes(rows(2_500))).build());
        String changed = rows(2_500).replace("R7,name 7", "R7,renamed 7");

        var next = new InMemoryRecordSink("rows");
        connector.read(context(Map.of("keyColumn", "id"), next).mode(SyncMode.INCREMENTAL)
                .state(first.checkpoints().getFirst()).upload(bytes(changed)).build());

        assertThat(next.externalIds()).hasSize(2_500).doesNotHaveDuplicates();
        assertThat(next.records().get(6).fields().get("name")).isEqualTo("renamed 7");
    }

    @Test
    void stopsAtTheNextCheckpointWhenCancelled() {
        var sink = new InMemoryRecordSink("rows");
        var context = context(Map.of("keyColumn", "id"), sink).upload(bytes(rows(5_000)))
                .cancelled(() -> !sink.checkpoints().isEmpty()).build();

        assertThatThrownBy(() -> connector.read(context)).isInstanceOf(CancelledException.class);
        assertThat(sink.externalIds()).hasSize(999);
    }

    @Test
    void failsWithoutUploadOrUrl() {
        assertThatThrownBy(() -> connector.read(context(Map.of("keyColumn", "id"), new InMemoryRecordSink("rows")).build()))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("no file to import: upload a CSV file for this run or configure a URL");
    }

    @Test
    void checkPassesForUploadsWithoutUrl() {
        var result = connector.check(context(Map.of("keyColumn", "id"), null).build());

        assertThat(result.passed()).isTrue();
        assertThat(result.message()).isEqualTo("no URL configured: each run imports an uploaded file");
    }

    @Test
    void checkFailsWhenTheUrlHasNoFileWithoutRevealingTheUrl() {
        try (var server = FakeHttpServer.start()) {
            String url = server.baseUrl() + "/missing.csv?token=s3cr3t";
            var result = connector.check(context(Map.of("keyColumn", "id", "url", url), null).build());

            assertThat(result.passed()).isFalse();
            assertThat(result.message()).isEqualTo("the URL answered HTTP 404").doesNotContain("s3cr3t");
            assertThat(server.requests()).extracting(FakeHttpServer.Request::method).containsExactly("HEAD");
        }
    }

    @Test
    void checkAsksWithGetWhenTheServerDoesNotAllowHead() {
        try (var server = FakeHttpServer.start()) {
            server.route("HEAD", "/export.csv", request -> FakeHttpServer.Response.status(405))
                    .route("GET", "/export.csv", request -> FakeHttpServer.Response.text(200, "text/csv", "id\n1\n"));
            var result = connector.check(context(Map.of("keyColumn", "id", "url", server.baseUrl() + "/export.csv"), null).build());

            assertThat(result.passed()).isTrue();
            assertThat(server.requests()).extracting(FakeHttpServer.Request::method).containsExactly("HEAD", "GET");
        }
    }

    @Test
    void checkFailsForAnUnknownEncoding() {
        var result = connector.check(context(Map.of("keyColumn", "id", "encoding", "klingon-8"), null).build());

        assertThat(result.passed()).isFalse();
        assertThat(result.message()).startsWith("encoding klingon-8 is not supported");
    }

    private InMemoryRecordSink read(Map<String, String> configuration, String csv) {
        var sink = new InMemoryRecordSink("rows");
        connector.read(context(configuration, sink).upload(bytes(csv)).build());
        return sink;
    }

    private TestContext.Builder context(Map<String, String> configuration, InMemoryRecordSink sink) {
        return TestContext.builder(connector.descriptor()).configuration(configuration).stream("rows").sink(sink);
    }

    static String rows(int count) {
        var csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= count; i++) {
            csv.append('R').append(i).append(",name ").append(i).append('\n');
        }
        return csv.toString();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> fields(Object... keysAndValues) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
