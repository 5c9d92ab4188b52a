package io.metaplatform.plugins.csv;

import io.metaplatform.plugins.testkit.FakeExternalSystem;
import io.metaplatform.plugins.testkit.FakeHttpServer;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A web server with one CSV export of {@code rows} contacts, for the contract test. */
final class FakeCsvServer implements FakeExternalSystem {

    private final FakeHttpServer server = FakeHttpServer.start();
    private final Set<String> ids = new LinkedHashSet<>();

    FakeCsvServer(int rows) {
        var csv = new StringBuilder("id,name,email\r\n");
        for (int i = 1; i <= rows; i++) {
            ids.add("C" + i);
            csv.append("C").append(i).append(",\"Contact ").append(i).append(", Jr.\",c").append(i).append("@example.com\r\n");
        }
        server.route("GET", "/export.csv", request -> FakeHttpServer.Response.text(200, "text/csv", csv.toString()));
    }

    @Override
    public Map<String, String> goodConfiguration() {
        return Map.of("url", server.baseUrl() + "/export.csv", "keyColumn", "id");
    }

    @Override
    public Set<String> externalIds(String stream) {
        return Set.copyOf(ids);
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
