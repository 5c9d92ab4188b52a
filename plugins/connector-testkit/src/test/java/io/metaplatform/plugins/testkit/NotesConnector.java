package io.metaplatform.plugins.testkit;

import io.metaplatform.plugins.api.CheckResult;
import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;
import io.metaplatform.plugins.api.Connector;
import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.ExternalRecord;
import io.metaplatform.plugins.api.FieldMapping;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonValue;
import io.metaplatform.plugins.api.LookupContext;
import io.metaplatform.plugins.api.ReadContext;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.api.SearchContext;
import io.metaplatform.plugins.api.StreamDescriptor;
import io.metaplatform.plugins.api.SyncMode;
import io.metaplatform.plugins.api.WriteContext;
import io.metaplatform.plugins.api.WriteOperation;
import io.metaplatform.plugins.api.WriteResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A small but complete connector (API key, keyset pages with a cursor, read by id, create and
 * update, search by title) for testing the test kit itself against {@link FakeNotes}.
 */
public class NotesConnector implements Connector {

    static final int PAGE = 2;

    @Override
    public ConnectorDescriptor descriptor() {
        return ConnectorDescriptor.builder("notes", "Notes", "1.0.0")
                .config(ConfigSchema.of(
                        ConfigProperty.required("baseUrl", ConfigType.URL, "API address"),
                        ConfigProperty.secret("apiKey", "API key")))
                .stream(StreamDescriptor.of("notes", "note", List.of(FieldMapping.both("title", "name")))
                        .withCursor("updatedAt").withWrite().withSearch("title"))
                .build();
    }

    @Override
    public CheckResult check(ConnectorContext context) {
        send(context, request(context, "/me").GET());
        return CheckResult.success();
    }

    @Override
    public void read(ReadContext context) {
        long cursor = startCursor(context);
        while (true) {
            context.throwIfCancelled();
            var page = send(context, request(context, "/notes?since=" + cursor + "&limit=" + PAGE).GET());
            var items = page.get("items").items();
            for (var item : items) {
                context.sink().record(toRecord(item));
                cursor = item.get("updatedAt").integer().orElseThrow();
            }
            if (items.isEmpty()) {
                return;
            }
            context.sink().checkpoint(Map.of("cursor", Long.toString(cursor)));
        }
    }

    protected long startCursor(ReadContext context) {
        return context.mode() == SyncMode.INCREMENTAL ? Long.parseLong(context.state().getOrDefault("cursor", "0")) : 0;
    }

    @Override
    public Optional<ExternalRecord> readOne(LookupContext context) {
        var response = context.http().sendJson(request(context, "/notes/" + context.externalId()).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(toRecord(body(response)));
    }

    @Override
    public List<ExternalRecord> search(SearchContext context) {
        if (!context.stream().searchCriteria().containsAll(context.criteria().keySet())) {
            throw new IllegalArgumentException("notes are searched by title only");
        }
        return searchByTitle(context, context.criteria().getOrDefault("title", ""));
    }

    protected List<ExternalRecord> searchByTitle(ConnectorContext context, String text) {
        var title = text.toLowerCase(Locale.ROOT);
        var page = send(context, request(context, "/notes?since=0&limit=100").GET());
        return page.get("items").items().stream()
                .filter(item -> item.get("title").text().orElse("").toLowerCase(Locale.ROOT).contains(title))
                .map(NotesConnector::toRecord).toList();
    }

    @Override
    public WriteResult write(WriteContext context) {
        var record = context.record();
        var body = ConnectorHttp.jsonBody(Json.from(record.fields()));
        var builder = record.operation() == WriteOperation.CREATE
                ? request(context, "/notes").POST(body)
                : request(context, "/notes/" + record.externalId().orElseThrow()).PUT(body);
        var written = send(context, builder.header("Content-Type", "application/json"));
        return WriteResult.of(written.get("id").id().orElseThrow(), written.get("updatedAt").text().orElse(null));
    }

    private static ExternalRecord toRecord(JsonValue item) {
        return ExternalRecord.of(item.get("id").id().orElseThrow(), item.get("updatedAt").text().orElse(null),
                Map.of("title", item.get("title").text().orElse("")));
    }

    private static HttpRequest.Builder request(ConnectorContext context, String path) {
        return HttpRequest.newBuilder(URI.create(context.configuration().string("baseUrl") + path))
                .header("X-Api-Key", context.configuration().string("apiKey"));
    }

    private static JsonValue send(ConnectorContext context, HttpRequest.Builder request) {
        return body(context.http().sendJson(request.build()));
    }

    private static JsonValue body(ConnectorHttp.JsonResponse response) {
        int status = response.statusCode();
        if (status == 401) {
            throw new CredentialsException("the API key was refused");
        }
        if (status == 429 || status >= 500) {
            throw new RetriableException("the notes API answered " + status);
        }
        if (status >= 300) {
            throw new ConnectorException("the notes API answered " + status);
        }
        return response.body();
    }
}
