package io.metaplatform.plugins.csv;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Imports a CSV file into the object a tenant admin chooses for the connection: one record per row,
 * its external id taken from the key column, its fields named after the header. The file is an upload
 * of the run or, without one, fetched from the configured URL; it is parsed and emitted as a stream,
 * never held in memory.
 *
 * <p>Checkpoints every {@value #CHECKPOINT_EVERY} rows hold the row number and a fingerprint of the
 * rows up to it. An incremental run whose file starts with the same rows goes on after the
 * checkpointed row (a file that only grew yields just the new rows); any other file is read from the
 * start. Rows that cannot become records (broken quoting, a wrong number of columns, no key) go to the
 * dead letters with their row number; the header is row 1, as a spreadsheet shows it.
 */
public final class CsvConnector implements Connector {

    static final String URL = "url";
    static final String DELIMITER = "delimiter";
    static final String KEY_COLUMN = "keyColumn";
    static final String ENCODING = "encoding";
    static final String HAS_HEADER = "hasHeader";
    static final String STREAM = "rows";
    static final int CHECKPOINT_EVERY = 1_000;

    private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder("csv", "CSV file", "0.1.0")
            .config(ConfigSchema.of(
                    ConfigProperty.required(KEY_COLUMN, ConfigType.STRING,
                            "Column whose value identifies a row across imports (its external id)"),
                    new ConfigProperty(URL, ConfigType.URL, false, false, Optional.empty(), List.of(),
                            "Where to fetch the file when a run has no upload"),
                    ConfigProperty.choice(DELIMITER, List.of(",", ";", "tab", "|"), ",", "Field separator"),
                    ConfigProperty.optional(ENCODING, ConfigType.STRING, "UTF-8", "Character encoding of the file"),
                    ConfigProperty.optional(HAS_HEADER, ConfigType.BOOLEAN, "true", "Whether the first row names the columns")))
            .stream(new StreamDescriptor(STREAM, Optional.empty(), KEY_COLUMN, Optional.empty(),
                    Set.of(SyncMode.FULL, SyncMode.INCREMENTAL), false, List.of()))
            .build();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** Passes without a URL (files come as uploads); with one, asks it for the file's headers. */
    @Override
    public CheckResult check(ConnectorContext context) {
        CsvSettings settings;
        try {
            settings = CsvSettings.of(context.configuration());
        } catch (ConnectorException e) {
            return CheckResult.failed(e.getMessage());
        }
        if (settings.url().isEmpty()) {
            return new CheckResult(true, "no URL configured: each run imports an uploaded file");
        }
        var head = HttpRequest.newBuilder(settings.url().get()).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        int status = context.http().send(head, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 405 || status == 501) {
            var get = HttpRequest.newBuilder(settings.url().get()).GET().build();
            status = context.http().send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        try {
            requireSuccess(status);
            return new CheckResult(true, "the URL answers");
        } catch (CredentialsException e) {
            throw e;
        } catch (ConnectorException e) {
            return CheckResult.failed(e.getMessage());
        }
    }

    @Override
    public void read(ReadContext context) {
        var settings = CsvSettings.of(context.configuration());
        var resume = context.mode() == SyncMode.INCREMENTAL ? Resume.from(context.state()) : Resume.NONE;
        if (!readFile(context, settings, resume)) {
            context.logger().log(System.Logger.Level.INFO, "the file differs from the one of the last checkpoint: importing it from the start");
            readFile(context, settings, Resume.NONE);
        }
    }

    /** Reads the file once; false when it turned out not to be the file the resume point belongs to. */
    private boolean readFile(ReadContext context, CsvSettings settings, Resume resume) {
        try (InputStream in = open(context, settings);
             var parser = new CsvParser(new InputStreamReader(in, settings.charset()), settings.delimiter())) {
            return new Import(context, settings, resume).run(parser);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConnectorException("the file is not valid " + settings.charset().name() + " text; check the encoding setting", e);
        } catch (IOException e) {
            // The admin sees this message: it says what happened in plain words, the cause stays in the server log.
            throw platformRefusal(e).orElseGet(() -> new RetriableException(
                    "reading the file broke off before its end; the next run tries again", e));
        }
    }

    private static InputStream open(ReadContext context, CsvSettings settings) {
        var upload = context.upload();
        if (upload.isPresent()) {
            return upload.get();
        }
        URI url = settings.url().orElseThrow(() -> new ConnectorException("no file to import: upload a CSV file for this run or configure a URL"));
        var request = HttpRequest.newBuilder(url).GET().header("Accept", "text/csv, text/plain, */*").build();
        HttpResponse<InputStream> response = context.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            closeQuietly(response.body());
            requireSuccess(response.statusCode());
        }
        return response.body();
    }

    /**
     * The platform's reason when it stopped the download (the file passed the size limit, for one): it
     * reaches the reader as the cause of the stream's {@link IOException} and is fatal, so it is reported as it is.
     */
    private static Optional<ConnectorException> platformRefusal(IOException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectorException refusal) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    private static void requireSuccess(int status) {
        if (status / 100 == 2) {
            return;
        }
        String answered = "the URL answered HTTP " + status;
        if (status == 401 || status == 403) {
            throw new CredentialsException(answered + ": access refused");
        }
        if (status == 429 || status / 100 == 5) {
            throw new RetriableException(answered);
        }
        throw new ConnectorException(answered);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // the body of a refused request is of no interest
        }
    }

    /** Where an incremental run picks up: after {@code row}, if the rows up to it still have {@code fingerprint}. */
    private record Resume(long row, String fingerprint) {

        static final Resume NONE = new Resume(0, "");

        static Resume from(Map<String, String> state) {
            String row = state.get("row");
            String source = state.get("source");
            if (row == null || source == null) {
                return NONE;
            }
            try {
                return new Resume(Long.parseLong(row), source);
            } catch (NumberFormatException e) {
                return NONE;
            }
        }
    }

    /** One pass over one file. */
    private static final class Import {
        private final ReadContext context;
        private final CsvSettings settings;
        private final Resume resume;
        private final MessageDigest digest = sha256();
        private List<String> columns;
        private int keyIndex;
        private long lastRow;

        Import(ReadContext context, CsvSettings settings, Resume resume) {
            this.context = context;
            this.settings = settings;
            this.resume = resume;
        }

        boolean run(CsvParser parser) throws IOException {
            Optional<CsvRow> next = parser.next();
            while (next.isPresent()) {
                CsvRow row = next.get();
                lastRow = row.number();
                fingerprint(row);
                if (row.number() == resume.row() && !fingerprint().equals(resume.fingerprint())) {
                    return false;
                }
                if (columns == null && !row.blank()) {
                    columns = settings.hasHeader() ? header(row) : numbered(row.fields().size());
                    keyIndex = keyIndex();
                    if (!settings.hasHeader()) {
                        emit(row);
                    }
                } else if (!row.blank()) {
                    emit(row);
                }
                if (row.number() % CHECKPOINT_EVERY == 0 && row.number() > resume.row()) {
                    checkpoint();
                }
                next = parser.next();
            }
            if (lastRow < resume.row()) {
                return false;
            }
            checkpoint();
            return true;
        }

        private void emit(CsvRow row) {
            if (row.number() <= resume.row()) {
                return;
            }
            String key = keyIndex < row.fields().size() ? row.fields().get(keyIndex).strip() : "";
            String knownKey = key.isEmpty() ? null : key;
            if (row.problem().isPresent()) {
                reject(row, knownKey, row.problem().get());
                return;
            }
            if (row.fields().size() != columns.size()) {
                reject(row, knownKey, "has " + row.fields().size() + " columns, the header has " + columns.size());
                return;
            }
            if (key.isEmpty()) {
                reject(row, null, "has no value in key column " + settings.keyColumn());
                return;
            }
            var fields = new LinkedHashMap<String, Object>();
            for (int i = 0; i < columns.size(); i++) {
                String value = row.fields().get(i);
                fields.put(columns.get(i), value.isEmpty() ? null : value);
            }
            context.sink().record(new ExternalRecord(key, Optional.empty(), fields).withSource("row " + row.number()));
        }

        private void reject(CsvRow row, String key, String reason) {
            context.sink().reject(STREAM, key, "row " + row.number() + ": " + reason, row.raw());
        }

        private void checkpoint() {
            context.sink().checkpoint(Map.of("row", Long.toString(lastRow), "source", fingerprint()));
            context.throwIfCancelled();
        }

        private List<String> header(CsvRow row) {
            if (row.problem().isPresent()) {
                throw new ConnectorException("the header row is malformed: " + row.problem().get());
            }
            var names = new ArrayList<String>();
            var seen = new HashSet<String>();
            for (String field : row.fields()) {
                String name = field.strip().isEmpty() ? "column" + (names.size() + 1) : field.strip();
                if (!seen.add(name)) {
                    throw new ConnectorException("the header names column " + name + " twice");
                }
                names.add(name);
            }
            return List.copyOf(names);
        }

        private static List<String> numbered(int count) {
            var names = new ArrayList<String>();
            for (int i = 1; i <= count; i++) {
                names.add("column" + i);
            }
            return List.copyOf(names);
        }

        private int keyIndex() {
            int index = columns.indexOf(settings.keyColumn());
            if (index < 0) {
                throw new ConnectorException("key column " + settings.keyColumn() + " is not one of the file's columns " + columns);
            }
            return index;
        }

        private void fingerprint(CsvRow row) {
            for (String field : row.fields()) {
                digest.update(field.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0x1F);
            }
            digest.update((byte) 0x1E);
        }

        private String fingerprint() {
            try {
                return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digests can be cloned", e);
            }
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
