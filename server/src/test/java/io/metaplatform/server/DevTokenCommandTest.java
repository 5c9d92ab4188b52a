package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevTokenCommandTest extends ApiTestSupport {

    @Test
    void printedTokenIsAcceptedByTheServer() {
        TenantId tenant = createTenant("CLI");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = DevTokenCommand.run(new String[] {"--role", "tenant-admin", "--tenant", tenant.toString(), "--subject", "alice"},
                Map.of("PLATFORM_DATA_DIR", TestPlatform.dataDirectory().toString()), new PrintStream(out), System.err);
        Api.Response me = api.get("/api/me", out.toString().strip());

        assertThat(exit).isZero();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("subject").asString()).isEqualTo("alice");
        assertThat(me.json().path("roles").get(0).asString()).isEqualTo("tenant-admin");
    }

    @Test
    void refusesTenantRolesWithoutATenantAndUnknownRoles() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("PLATFORM_DATA_DIR", TestPlatform.dataDirectory().toString());

        int noTenant = DevTokenCommand.run(new String[] {"--role", "tenant-user"}, env, System.out, new PrintStream(err));
        int unknownRole = DevTokenCommand.run(new String[] {"--role", "root"}, env, System.out, new PrintStream(err));
        int badTenant = DevTokenCommand.run(new String[] {"--role", "tenant-user", "--tenant", "acme"}, env, System.out, new PrintStream(err));

        assertThat(noTenant).isEqualTo(2);
        assertThat(unknownRole).isEqualTo(2);
        assertThat(badTenant).isEqualTo(2);
        assertThat(err.toString()).contains("tenant roles need --tenant", "unknown role 'root'", "--tenant must be a tenant id");
    }
}
