package io.metaplatform.plugins.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    @Test
    void splitsPlainFieldsAtTheDelimiter() throws IOException {
        assertThat(fields("a,b,c\n1,2,3\n")).containsExactly(List.of("a", "b", "c"), List.of("1", "2", "3"));
    }

    @Test
    void keepsDelimitersAndLineBreaksInsideQuotes() throws IOException {
        var rows = parse("name,address\n\"Doe, Jane\",\"Main St 1\nSpringfield\"\n\"x\",\"a\r\nb\"\n");

        assertThat(rows).extracting(CsvRow::fields).containsExactly(
                List.of("name", "address"), List.of("Doe, Jane", "Main St 1\nSpringfield"), List.of("x", "a\r\nb"));
        assertThat(rows).extracting(CsvRow::number).containsExactly(1L, 2L, 3L);
    }

    @Test
    void turnsDoubledQuotesInsideQuotesIntoOne() throws IOException {
        assertThat(fields("\"say \"\"hi\"\"\",\"\"\"\",\"\"\n")).containsExactly(List.of("say \"hi\"", "\"", ""));
    }

    @Test
    void endsRecordsAtCrLfLfOrCr() throws IOException {
        assertThat(fields("a,b\r\n1,2\n3,4\r5,6")).containsExactly(
                List.of("a", "b"), List.of("1", "2"), List.of("3", "4"), List.of("5", "6"));
    }

    @Test
    void ignoresALeadingByteOrderMarkOnly() throws IOException {
        assertThat(fields("\uFEFFid,name\n1,\uFEFFx\n")).containsExactly(List.of("id", "name"), List.of("1", "\uFEFFx"));
    }

    @Test
    void aFinalLineBreakDoesNotMakeAnEmptyRecordButABlankLineIsOne() throws IOException {
        var rows = parse("a\n\nb\n");

        assertThat(rows).extracting(CsvRow::fields).containsExactly(List.of("a"), List.of(""), List.of("b"));
        assertThat(rows).extracting(CsvRow::blank).containsExactly(false, true, false);
    }

    @Test
    void keepsEmptyFieldsIncludingATrailingOne() throws IOException {
        assertThat(fields(",x,,\n")).containsExactly(List.of("", "x", "", ""));
    }

    @Test
    void usesTheConfiguredDelimiter() throws IOException {
        assertThat(fields("a;\"b;c\";d\n", ';')).containsExactly(List.of("a", "b;c", "d"));
        assertThat(fields("a\tb,c\n", '\t')).containsExactly(List.of("a", "b,c"));
    }

    @Test
    void reportsTextAfterAClosingQuoteAndGoesOnWithTheNextLine() throws IOException {
        var rows = parse("\"ab\"c,d\n1,2\n");

        assertThat(rows.get(0).problem()).contains("text after the closing quote of column 1");
        assertThat(rows.get(0).raw()).isEqualTo("\"ab\"c,d");
        assertThat(rows.get(1).fields()).containsExactly("1", "2");
        assertThat(rows.get(1).problem()).isEmpty();
    }

    @Test
    void reportsAQuoteInsideAnUnquotedValue() throws IOException {
        assertThat(parse("1,5\" screen,3\n").getFirst().problem()).contains("a quote inside the unquoted value of column 2");
    }

    @Test
    void reportsAQuoteNotClosedBeforeTheEndOfTheFile() throws IOException {
        var rows = parse("id,name\n1,\"open\n2,closed\n");

        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).problem()).contains("a quoted value in column 2 is not closed before the end of the file");
    }

    @Test
    void countsRecordsNotLines() throws IOException {
        var rows = parse("h\n\"a\nb\nc\"\nnext\n");

        assertThat(rows.getLast().fields()).containsExactly("next");
        assertThat(rows.getLast().number()).isEqualTo(3);
    }

    @Test
    void readsValuesLongerThanItsBuffer() throws IOException {
        String big = "x".repeat(200_000);

        assertThat(fields("\"" + big + "\"," + big + "\nend\n")).containsExactly(List.of(big, big), List.of("end"));
    }

    @Test
    void keepsOnlyTheStartOfAVeryLongRowAsItsExcerpt() throws IOException {
        assertThat(parse("y".repeat(10_000) + "\n").getFirst().raw()).hasSize(CsvParser.RAW_EXCERPT);
    }

    @Test
    void anEmptyInputHasNoRecords() throws IOException {
        assertThat(parse("")).isEmpty();
        assertThat(parse("\uFEFF")).isEmpty();
    }

    private static List<List<String>> fields(String text) throws IOException {
        return fields(text, ',');
    }

    private static List<List<String>> fields(String text, char delimiter) throws IOException {
        return parse(text, delimiter).stream().map(CsvRow::fields).toList();
    }

    private static List<CsvRow> parse(String text) throws IOException {
        return parse(text, ',');
    }

    private static List<CsvRow> parse(String text, char delimiter) throws IOException {
        var rows = new ArrayList<CsvRow>();
        try (var parser = new CsvParser(new StringReader(text), delimiter)) {
            for (Optional<CsvRow> row = parser.next(); row.isPresent(); row = parser.next()) {
                rows.add(row.get());
            }
        }
        return rows;
    }
}
