package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operator's tenant lifecycle and a tenant's own view, through HTTP. */
class TenantApiTest extends ApiTestSupport {

    @Test
    void operatorCreatesGetsAndListsATenant() {
        String slug = "api-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/api/operator/tenants", TestPlatform.operatorToken(),
                "{\"slug\":\"" + slug + "\",\"name\":\"API GmbH\",\"settings\":{\"defaultCurrency\":\"EUR\",\"locale\":\"de-DE\",\"timeZone\":\"Europe/Berlin\"}}");
        String id = created.json().path("id").asString();

        Api.Response fetched = api.get("/api/operator/tenants/" + id, TestPlatform.operatorToken());
        Api.Response listed = api.get("/api/operator/tenants?limit=200&after=" + slug.substring(0, slug.length() - 1), TestPlatform.operatorToken());

        assertThat(created.status()).isEqualTo(201);
        assertThat(TenantId.parse(id)).isPresent();
        assertThat(fetched.json().path("slug").asString()).isEqualTo(slug);
        assertThat(fetched.json().path("settings").path("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(listed.body()).contains(slug);
    }

    @Test
    void invalidInputNamesEveryOffendingField() {
        Api.Response response = api.post("/api/operator/tenants", TestPlatform.operatorToken(),
                "{\"slug\":\"-x\",\"name\":\"\",\"settings\":{\"timeZone\":\"Nowhere/City\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.json().path("errors").findValuesAsString("field")).containsExactly("slug", "name", "settings.timeZone");
    }

    @Test
    void malformedJsonIsAClearErrorWithoutInternals() {
        Api.Response response = api.post("/api/operator/tenants", TestPlatform.operatorToken(), "{\"slug\": [1, 2");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.body()).doesNotContain("Exception", "jackson", "\tat ");
    }

    @Test
    void invalidListParametersAreValidationErrors() {
        assertThat(api.get("/api/operator/tenants?limit=0", TestPlatform.operatorToken()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/operator/tenants?status=gone", TestPlatform.operatorToken()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/operator/tenants?limit=abc", TestPlatform.operatorToken()).status()).isEqualTo(400);
    }

    @Test
    void eachTenantSeesAndChangesOnlyItsOwnTenant() {
        TenantId a = createTenant("Tenant A");
        TenantId b = createTenant("Tenant B");

        Api.Response seenByA = api.get("/api/tenant", TestPlatform.token(a, Role.TENANT_USER));
        api.patch("/api/tenant/settings", TestPlatform.token(a, Role.TENANT_ADMIN), "{\"defaultCurrency\":\"JPY\"}");
        Api.Response seenByB = api.get("/api/tenant", TestPlatform.token(b, Role.TENANT_USER));

        assertThat(seenByA.json().path("id").asString()).isEqualTo(a.toString());
        assertThat(seenByA.body()).doesNotContain(b.toString());
        assertThat(seenByB.json().path("id").asString()).isEqualTo(b.toString());
        assertThat(seenByB.json().path("settings").path("defaultCurrency").asString()).isEqualTo("EUR");
    }

    @Test
    void tenantIdInRequestCannotOverrideTheToken() {
        TenantId a = createTenant("Tenant A");
        TenantId b = createTenant("Tenant B");

        Api.Response response = api.get("/api/tenant?tenant_id=" + b + "&tenantId=" + b, TestPlatform.token(a, Role.TENANT_USER));

        assertThat(response.json().path("id").asString()).isEqualTo(a.toString());
    }
}
