package io.metaplatform.graphql.internal;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * GraphiQL at {@code /graphiql}, with React and GraphiQL served from this server's webjars instead of a
 * public CDN (Spring's stock page stays on "Loading..." without internet), a field for the bearer token or
 * API key, and a switch between the data and the metadata API. {@code PLATFORM_GRAPHIQL_ENABLED=false}
 * turns it off.
 */
@Controller
@ConditionalOnProperty(name = "platform.graphiql.enabled", havingValue = "true", matchIfMissing = true)
final class GraphiQlPage {

    private final byte[] page;

    GraphiQlPage() throws IOException {
        try (InputStream html = new ClassPathResource("graphiql/index.html").getInputStream()) {
            this.page = html.readAllBytes();
        }
    }

    @GetMapping("/graphiql")
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).body(page);
    }
}
