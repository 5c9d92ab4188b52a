package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.metaplatform.core.Role;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A tenant admin authorises an OAuth connection in /graphql/admin: the authorisation URL carries the
 * client id, redirect URI, scopes and a state only this platform can make; the code and state coming
 * back are exchanged for tokens at the connector's token endpoint (a fake here) and stored sealed.
 */
class OAuthGrantApiTest extends ConnectorApiTestSupport {

    private static final String REDIRECT = "https://app.example/oauth/callback";

    @Autowired
    DataSource dataSource;
    @Autowired
    TransactionTemplate transactions;

    HttpServer tokenServer;
    final List<Map<String, String>> exchanges = new CopyOnWriteArrayList<>();
    TenantId tenant;
    String admin;

    @BeforeEach
    void fakeTokenEndpointAndTenant() throws IOException {
        tokenServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenServer.createContext("/token", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchanges.add(form);
            boolean good = "good-code".equals(form.get("code"));
            byte[] body = (good ? "{\"access_token\":\"at-1\",\"refresh_token\":\"rt-1\",\"expires_in\":3600,\"token_type\":\"bearer\"}"
                    : "{\"error\":\"invalid_grant\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(good ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokenServer.start();
        tenant = createTenant("OAuth");
        admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
    }

    @AfterEach
    void stop() {
        tokenServer.stop(0);
    }

    @Test
    void anAdminAuthorisesAConnectionAndItsTokensAreStoredSealed() {
        String connection = connection(admin);

        JsonNode authorization = data(admin, "{ connectionAuthorization(connection: \"" + connection + "\", redirectUri: \"" + REDIRECT
                + "\") { authorizationUrl state } }").path("connectionAuthorization");
        URI url = URI.create(authorization.path("authorizationUrl").asString());
        Map<String, String> query = form(url.getRawQuery());
        String state = authorization.path("state").asString();

        assertThat(url.getHost()).isEqualTo("auth.echo.example");
        assertThat(query).containsEntry("prompt", "consent").containsEntry("response_type", "code").containsEntry("client_id", "client-7")
                .containsEntry("redirect_uri", REDIRECT).containsEntry("scope", "crm.read crm.write").containsEntry("state", state);
        assertThat(url.toString()).doesNotContain("client-secret-1");

        assertThat(data(admin, authorize(connection, "good-code", state)).path("authorizeConnection").asBoolean()).isTrue();

        assertThat(exchanges).singleElement().satisfies(form -> assertThat(form).containsEntry("grant_type", "authorization_code")
                .containsEntry("code", "good-code").containsEntry("redirect_uri", REDIRECT));
        // Read as the application does, inside the tenant's transaction (the table is under row-level security).
        Map<String, Object> stored = TenantContext.callAs(tenant, () -> transactions.execute(status -> new JdbcTemplate(dataSource).queryForMap(
                "select access_token, refresh_token from connector_oauth_token where tenant_id = ?::uuid and connection_id = ?::uuid",
                tenant.value().toString(), connection)));
        assertThat(stored.values()).allSatisfy(value -> assertThat((String) value).startsWith("v1:").doesNotContain("at-1", "rt-1"));
    }

    @Test
    void theAccountTheRedirectNamesIsWhereTheCodeIsExchangedAndItIsStored() {
        int port = tokenServer.getAddress().getPort();
        // Configured with an account where nothing answers: only the redirect's account can take the code.
        String connection = data(admin, "mutation($config: JSON) { createConnection(input: {connector: \"oauth-account-echo\", name: \"Acct\","
                + " config: $config}) { id } }", Map.of("config", Map.of("clientId", "client-7", "clientSecret", "client-secret-1",
                "accountUrl", "http://127.0.0.1:9"))).path("createConnection").path("id").asString();
        String state = state(admin, connection);
        String elsewhere = authorize(connection, "good-code", state).replace(") }", ", referer: \"evil.example.com\") }");

        assertThat(problem(post(admin, elsewhere))).isEqualTo("referer:NOT_ALLOWED");
        assertThat(exchanges).as("nothing sent for a refused account").isEmpty();
        assertThat(data(admin, authorize(connection, "good-code", state).replace(") }", ", referer: \"127.0.0.1:" + port + "\") }"))
                .path("authorizeConnection").asBoolean()).isTrue();

        assertThat(exchanges).singleElement().satisfies(form -> assertThat(form).containsEntry("code", "good-code"));
        assertThat(data(admin, "{ connection(id: \"" + connection + "\") { config } }").path("connection").path("config").path("accountUrl")
                .asString()).isEqualTo("http://127.0.0.1:" + port);
        TenantId other = createTenant("Other account");
        JsonNode theirs = post(TestPlatform.token(other, Role.TENANT_ADMIN), "{ connection(id: \"" + connection + "\") { config } }");
        assertThat(theirs.toString()).as("another tenant does not see the stored account").doesNotContain("127.0.0.1");
    }

    @Test
    void aRefusedCodeOrAForgedStateIsAValidationErrorOnThatArgument() {
        String connection = connection(admin);
        String state = state(admin, connection);

        assertThat(problem(post(admin, authorize(connection, "stolen-code", state)))).isEqualTo("code:REFUSED");
        String forged = state.substring(0, state.length() - 6) + (state.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        assertThat(problem(post(admin, authorize(connection, "good-code", forged)))).isEqualTo("state:INVALID_STATE");
        assertThat(problem(post(admin, authorize(connection, "good-code", state(admin, connection(admin, "Second"))))))
                .isEqualTo("state:INVALID_STATE");
        assertThat(problem(post(admin, "{ connectionAuthorization(connection: \"" + connection + "\", redirectUri: \"javascript:x\") { state } }")))
                .isEqualTo("redirectUri:INVALID_URL");
    }

    @Test
    void anotherTenantCanNeitherStartNorCompleteTheGrantOfThisTenantsConnection() {
        String connection = connection(admin);
        String state = state(admin, connection);
        TenantId other = createTenant("Other");
        String otherAdmin = TestPlatform.token(other, Role.TENANT_ADMIN);

        assertThat(code(post(otherAdmin, "{ connectionAuthorization(connection: \"" + connection + "\", redirectUri: \"" + REDIRECT
                + "\") { state } }"))).isEqualTo("NOT_FOUND");
        assertThat(code(post(otherAdmin, authorize(connection, "good-code", state)))).isEqualTo("NOT_FOUND");
        assertThat(problem(post(otherAdmin, authorize(connection(otherAdmin, "Theirs"), "good-code", state)))).isEqualTo("state:INVALID_STATE");
        assertThat(exchanges).isEmpty();
    }

    private String connection(String token) {
        return connection(token, "CRM");
    }

    private String connection(String token, String name) {
        return data(token, "mutation($config: JSON) { createConnection(input: {connector: \"oauth-echo\", name: \"" + name + "\", config: $config})"
                + " { id } }", Map.of("config", Map.of("clientId", "client-7", "clientSecret", "client-secret-1",
                "tokenUrl", "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token")))
                .path("createConnection").path("id").asString();
    }

    private String state(String token, String connection) {
        return data(token, "{ connectionAuthorization(connection: \"" + connection + "\", redirectUri: \"" + REDIRECT + "\") { state } }")
                .path("connectionAuthorization").path("state").asString();
    }

    private static String authorize(String connection, String code, String state) {
        return "mutation { authorizeConnection(connection: \"" + connection + "\", code: \"" + code + "\", state: \"" + state
                + "\", redirectUri: \"" + REDIRECT + "\") }";
    }

    private static String problem(JsonNode response) {
        JsonNode error = response.path("errors").get(0);
        assertThat(error.path("extensions").path("code").asString()).isEqualTo("VALIDATION_FAILED");
        JsonNode detail = error.path("extensions").path("details").get(0);
        return detail.path("field").asString() + ":" + detail.path("code").asString();
    }

    private static Map<String, String> form(String encoded) {
        return java.util.Arrays.stream(encoded.split("&")).map(pair -> pair.split("=", 2)).collect(Collectors.toMap(
                pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8), pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
    }
}
