package io.metaplatform.plugins.csv;

import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Optional;

/**
 * A connection's configuration, checked beyond what the schema can say.
 *
 * @param url       where to fetch the file when a run has no upload
 * @param delimiter the field separator
 * @param keyColumn the column holding each row's external id
 * @param charset   the file's encoding
 * @param hasHeader whether the first row names the columns (else they are {@code column1}, {@code column2}, ...)
 */
record CsvSettings(Optional<URI> url, char delimiter, String keyColumn, Charset charset, boolean hasHeader) {

    static CsvSettings of(Configuration configuration) {
        return new CsvSettings(
                configuration.find(CsvConnector.URL).map(URI::create),
                delimiter(configuration.string(CsvConnector.DELIMITER)),
                configuration.string(CsvConnector.KEY_COLUMN),
                charset(configuration.string(CsvConnector.ENCODING)),
                configuration.bool(CsvConnector.HAS_HEADER));
    }

    private static char delimiter(String name) {
        return name.equals("tab") ? '\t' : name.charAt(0);
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | java.nio.charset.UnsupportedCharsetException e) {
            throw new ConnectorException("encoding " + name + " is not supported; use for example UTF-8, ISO-8859-1 or windows-1252");
        }
    }
}
