package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.Configuration;
import io.metaplatform.plugins.api.ConnectorDescriptor;
import io.metaplatform.plugins.api.ConnectorHttp;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.runtime.internal.http.ConnectorHttpFactory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** java.net.http without limits or retries: the real factory lives on another branch. */
final class PlainHttpFactory implements ConnectorHttpFactory {

    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public ConnectorHttp create(TenantId tenant, UUID connectionId, ConnectorDescriptor descriptor, Configuration configuration) {
        return new ConnectorHttp() {
            @Override
            public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body, CallOptions options) {
                try {
                    return client.send(request, body);
                } catch (IOException e) {
                    throw new RetriableException("request failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RetriableException("interrupted", e);
                }
            }
        };
    }
}
