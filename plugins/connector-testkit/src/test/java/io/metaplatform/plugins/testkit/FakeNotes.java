package io.metaplatform.plugins.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** The notes API of {@link NotesConnector}, faked on a {@link FakeHttpServer}. */
final class FakeNotes implements FakeExternalSystem {

    private static final String KEY = "good-key-123";

    private final FakeHttpServer server = FakeHttpServer.start();
    private final Map<String, Map<String, Object>> notes = new TreeMap<>();
    private final AtomicLong clock = new AtomicLong();

    FakeNotes(int count) {
        for (int i = 1; i <= count; i++) {
            put("n" + i, "note " + i);
        }
        server.route("GET", "/me", request -> authorised(request) ? FakeHttpServer.Response.json(200, Map.of("user", "me")) : unauthorised());
        server.route("GET", "/notes", request -> {
            if (!authorised(request)) {
                return unauthorised();
            }
            long since = Long.parseLong(request.query().get("since"));
            int limit = Integer.parseInt(request.query().get("limit"));
            synchronized (notes) {
                var page = notes.values().stream().filter(note -> (Long) note.get("updatedAt") > since)
                        .sorted((a, b) -> Long.compare((Long) a.get("updatedAt"), (Long) b.get("updatedAt")))
                        .limit(limit).toList();
                return FakeHttpServer.Response.json(200, Map.of("items", page));
            }
        });
        server.route("POST", "/notes", request -> {
            var id = "n" + (notes.size() + 1);
            return FakeHttpServer.Response.json(201, put(id, request.json().get("title").text().orElse("")));
        });
    }

    private boolean authorised(FakeHttpServer.Request request) {
        return request.header("X-Api-Key").filter(KEY::equals).isPresent();
    }

    private static FakeHttpServer.Response unauthorised() {
        return FakeHttpServer.Response.json(401, Map.of("error", "unauthorised"));
    }

    private Map<String, Object> put(String id, String title) {
        synchronized (notes) {
            var note = new LinkedHashMap<String, Object>();
            note.put("id", id);
            note.put("title", title);
            note.put("updatedAt", clock.incrementAndGet());
            notes.put(id, note);
            server.route("GET", "/notes/" + id, request -> FakeHttpServer.Response.json(200, notes.get(id)));
            return note;
        }
    }

    @Override
    public Map<String, String> goodConfiguration() {
        return Map.of("baseUrl", server.baseUrl().toString(), "apiKey", KEY);
    }

    @Override
    public Optional<Map<String, String>> badCredentialsConfiguration() {
        return Optional.of(Map.of("baseUrl", server.baseUrl().toString(), "apiKey", "revoked-key-456"));
    }

    @Override
    public Set<String> externalIds(String stream) {
        synchronized (notes) {
            return Set.copyOf(notes.keySet());
        }
    }

    @Override
    public Set<String> addAndChangeRecords(String stream) {
        put("n1", "note 1, edited");
        put("n" + (notes.size() + 1), "a new note");
        return Set.of("n1", "n" + notes.size());
    }

    @Override
    public void failNextRequests(int count, int status) {
        server.failNext(count, status);
    }

    @Override
    public int requestCount() {
        return server.requestCount();
    }

    @Override
    public void close() {
        server.close();
    }
}
