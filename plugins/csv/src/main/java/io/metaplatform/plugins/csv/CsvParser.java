package io.metaplatform.plugins.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads CSV records one at a time (RFC 4180): fields separated by a delimiter, optionally in double
 * quotes, a doubled quote inside quotes standing for one, delimiters and line breaks allowed inside
 * quotes, records ending with CRLF, LF or CR, a leading byte order mark ignored. A record whose
 * quoting is broken is returned with its problem and parsing resumes at the next line break, so one
 * bad row never hides the rest of the file. Not thread-safe.
 */
final class CsvParser implements AutoCloseable {

    static final int RAW_EXCERPT = 200;

    private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

    private static final int EOF = -1;

    private final Reader reader;
    private final char delimiter;
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int position;
    private boolean started;
    private long number;

    CsvParser(Reader reader, char delimiter) {
        if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        this.reader = reader;
        this.delimiter = delimiter;
    }

    /** The next record, or empty at the end of the input. */
    Optional<CsvRow> next() throws IOException {
        skipByteOrderMark();
        int c = read();
        if (c == EOF) {
            return Optional.empty();
        }
        number++;
        var fields = new ArrayList<String>();
        var field = new StringBuilder();
        var raw = new StringBuilder();
        String problem = null;
        State state = State.FIELD_START;
        while (true) {
            if (c == EOF) {
                if (state == State.QUOTED && problem == null) {
                    problem = "a quoted value in column " + (fields.size() + 1) + " is not closed before the end of the file";
                }
                break;
            }
            char ch = (char) c;
            boolean lineBreak = ch == '\n' || ch == '\r';
            if (lineBreak && state != State.QUOTED) {
                if (ch == '\r' && peek() == '\n') {
                    read();
                }
                break;
            }
            if (raw.length() < RAW_EXCERPT) {
                raw.append(ch);
            }
            switch (state) {
                case FIELD_START -> {
                    if (ch == '"') {
                        state = State.QUOTED;
                    } else if (ch == delimiter) {
                        fields.add("");
                    } else {
                        field.append(ch);
                        state = State.UNQUOTED;
                    }
                }
                case UNQUOTED -> {
                    if (ch == delimiter) {
                        fields.add(field.toString());
                        field.setLength(0);
                        state = State.FIELD_START;
                    } else {
                        if (ch == '"' && problem == null) {
                            problem = "a quote inside the unquoted value of column " + (fields.size() + 1);
                        }
                        field.append(ch);
                    }
                }
                case QUOTED -> {
                    if (ch == '"') {
                        state = State.AFTER_QUOTE;
                    } else {
                        field.append(ch);
                    }
                }
                case AFTER_QUOTE -> {
                    if (ch == '"') {
                        field.append('"');
                        state = State.QUOTED;
                    } else if (ch == delimiter) {
                        fields.add(field.toString());
                        field.setLength(0);
                        state = State.FIELD_START;
                    } else {
                        if (problem == null) {
                            problem = "text after the closing quote of column " + (fields.size() + 1);
                        }
                        field.append(ch);
                        state = State.UNQUOTED;
                    }
                }
            }
            c = read();
        }
        fields.add(field.toString());
        return Optional.of(new CsvRow(number, List.copyOf(fields), Optional.ofNullable(problem), raw.toString()));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private void skipByteOrderMark() throws IOException {
        if (!started) {
            started = true;
            if (peek() == '\uFEFF') {
                read();
            }
        }
    }

    private int read() throws IOException {
        if (position == length && !fill()) {
            return EOF;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == length && !fill()) {
            return EOF;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = reader.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            return false;
        }
        length = read;
        position = 0;
        return true;
    }
}
