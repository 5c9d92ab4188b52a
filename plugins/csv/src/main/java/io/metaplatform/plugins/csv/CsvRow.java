package io.metaplatform.plugins.csv;

import java.util.List;
import java.util.Optional;

/**
 * One record of a CSV file.
 *
 * @param number  its position in the file, from 1 (the header is row 1), counting records, not lines
 * @param fields  the values, unquoted
 * @param problem what is wrong with its quoting, if anything
 * @param raw     the start of its text as in the file, for dead letters
 */
record CsvRow(long number, List<String> fields, Optional<String> problem, String raw) {

    /** A line with nothing on it. */
    boolean blank() {
        return fields.size() == 1 && fields.getFirst().isEmpty() && problem.isEmpty();
    }
}
