package io.metaplatform.server;

import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole server on a random port, against the run's test database. */
// A small upload limit, so the tests can exceed it; Tomcat reads the rest of a refused body so the client gets the answer.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "platform.connectors.max-upload-size=2MB", "server.tomcat.max-swallow-size=16MB", "platform.public-url=https://platform.example/"})
abstract class ApiTestSupport {

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    /** Creates a tenant through the operator API and returns its id. */
    TenantId createTenant(String name) {
        String slug = "s-" + UUID.randomUUID().toString().substring(0, 13);
        Api.Response response = api.post("/api/operator/tenants", TestPlatform.operatorToken(),
                "{\"slug\":\"" + slug + "\",\"name\":\"" + name + "\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("tenant not created: " + response);
        }
        return TenantId.parse(response.json().path("id").asString()).orElseThrow();
    }
}
