package io.metaplatform.plugins.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.plugins.testkit.InMemoryRecordSink;
import io.metaplatform.plugins.testkit.TestContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One run imports a file of 100,000 rows, some of them bad, and says exactly which rows it could not take. */
class CsvHundredThousandRowsTest {

    private static final int DATA_ROWS = 100_000;

    @Test
    void importsAHundredThousandRowsAndSendsEachBadRowToTheDeadLettersByNumber() {
        var badRows = new ArrayList<Long>();
        byte[] file = file(badRows);
        var connector = new CsvConnector();
        var sink = new InMemoryRecordSink("rows");

        long start = System.nanoTime();
        connector.read(TestContext.builder(connector.descriptor()).configuration(Map.of("keyColumn", "id"))
                .stream("rows").sink(sink).upload(file).build());
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("CSV import: %,d rows (%,d bytes) in %.2f s, %,.0f rows/s%n", DATA_ROWS, file.length, seconds, DATA_ROWS / seconds);

        assertThat(sink.records()).hasSize(DATA_ROWS - badRows.size());
        assertThat(sink.externalIds()).doesNotHaveDuplicates();
        assertThat(sink.rejections()).extracting(rejection -> rowNumber(rejection.reason())).containsExactlyElementsOf(badRows);
        assertThat(sink.checkpoints()).hasSize((DATA_ROWS + 1) / 1_000 + 1);
        assertThat(sink.lastCheckpoint().orElseThrow()).containsEntry("row", Long.toString(DATA_ROWS + 1));
    }

    /** Rows of 6 columns with quoted and multi-line values; every 997th row is broken one of three ways. */
    private static byte[] file(List<Long> badRows) {
        var csv = new StringBuilder(DATA_ROWS * 90);
        csv.append("id,name,email,city,notes,amount\r\n");
        for (int i = 1; i <= DATA_ROWS; i++) {
            long row = i + 1;
            if (i % 997 == 0) {
                badRows.add(row);
                switch (i / 997 % 3) {
                    case 0 -> csv.append("E").append(i).append(",too,few\r\n");
                    case 1 -> csv.append(",\"no key\",x@example.com,Berlin,,1.00\r\n");
                    default -> csv.append("E").append(i).append(",\"broken\"quote,x@example.com,Berlin,,1.00\r\n");
                }
                continue;
            }
            csv.append("E").append(i).append(",\"Person ").append(i).append(", Dr.\",p").append(i).append("@example.com,")
                    .append(i % 2 == 0 ? "Berlin" : "München").append(",")
                    .append(i % 10 == 0 ? "\"first line\nsecond \"\"quoted\"\" line\"" : "")
                    .append(",").append(i % 1000).append(".50\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static long rowNumber(String reason) {
        return Long.parseLong(reason.substring("row ".length(), reason.indexOf(':')));
    }
}
