package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GraphiQL works on a machine without internet: every asset comes from this server, and a browser loads the schema. */
class GraphiQlPageTest extends ApiTestSupport {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @Test
    void thePageAndEveryAssetItLoadsComeFromThisServerWithoutAToken() {
        Api.Response page = api.get("/graphiql", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(page.body());
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).hasSize(4).allMatch(asset -> asset.startsWith("/webjars/"), "served here, not by a CDN");
        for (String asset : assets) {
            Api.Response served = api.get(asset, null);
            assertThat(served.status()).as(asset).isEqualTo(200);
            assertThat(served.body().length()).as(asset).isGreaterThan(1000);
        }
        assertThat(api.get("/webjars/graphiql/2.4.7/package.json", "x").status()).as("a bad token is still no token").isIn(200, 401, 404);
    }

    @Test
    void headlessChromiumLoadsTheSchemaWithAPastedToken(@TempDir Path profile) throws IOException, InterruptedException {
        Optional<String> chromium = chromium();
        Assumptions.assumeTrue(chromium.isPresent(), "no Chromium on this machine (.ci/run installs it)");
        TenantId tenant = createTenant("GraphiQL");
        String token = TestPlatform.token(tenant, Role.TENANT_USER);

        Process browser = new ProcessBuilder(chromium.get(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=20000", "--dump-dom",
                "http://127.0.0.1:" + port + "/graphiql#token=" + token)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = browser.getInputStream().readAllBytes();
        assertThat(browser.waitFor(90, TimeUnit.SECONDS)).isTrue();
        String html = new String(dom, StandardCharsets.UTF_8);

        assertThat(html).contains("graphiql-container");
        assertThat(html).as("GraphiQL's introspection answered through the page's fetcher").contains("data-schema-loaded=\"/graphql\"");
        assertThat(html).as("the token left the address").doesNotContain(token);
    }

    private static Optional<String> chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
