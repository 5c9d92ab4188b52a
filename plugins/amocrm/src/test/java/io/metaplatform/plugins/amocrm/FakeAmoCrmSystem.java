package io.metaplatform.plugins.amocrm;

import io.metaplatform.plugins.amocrm.fake.FakeAmoCrm;
import io.metaplatform.plugins.testkit.FakeExternalSystem;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fake amoCRM as the test kit's external system, with a long-lived token (the test kit's HTTP client
 * runs no OAuth) and more entities of each kind than one page (200).
 */
final class FakeAmoCrmSystem implements FakeExternalSystem {

    static final String REDIRECT = "https://platform.example/oauth/callback";

    private final FakeAmoCrm fake = FakeAmoCrm.start(REDIRECT).permitsPerSecond(1_000_000);
    private final String token = fake.issueLongLivedToken();

    FakeAmoCrmSystem() {
        for (int i = 0; i < 210; i++) {
            fake.add(FakeAmoCrm.ENTITY_COMPANIES, Map.of("name", String.format("Company %03d", i),
                    "custom_fields_values", List.of(FakeAmoCrm.multitext(FakeAmoCrm.PHONE_FIELD, "PHONE", "+7495" + i, "WORK"))));
            fake.add(FakeAmoCrm.ENTITY_CONTACTS, Map.of("name", "Ivan Petrov " + i, "first_name", "Ivan", "last_name", "Petrov " + i,
                    "custom_fields_values", List.of(FakeAmoCrm.multitext(FakeAmoCrm.EMAIL_FIELD, "EMAIL", "ivan" + i + "@example.ru", "WORK"))));
            fake.add(FakeAmoCrm.ENTITY_LEADS, Map.of("name", "Lead " + i, "price", 1000 + i, "pipeline_id", FakeAmoCrm.MAIN_PIPELINE,
                    "status_id", i % 10 == 0 ? FakeAmoCrm.WON : FakeAmoCrm.FIRST_CONTACT_STATUS));
            fake.advance(1);
        }
    }

    FakeAmoCrm amo() {
        return fake;
    }

    @Override
    public Map<String, String> goodConfiguration() {
        return Map.of("baseUrl", fake.accountUrl(), "longLivedToken", token);
    }

    @Override
    public Optional<Map<String, String>> badCredentialsConfiguration() {
        return Optional.of(Map.of("baseUrl", fake.accountUrl(), "longLivedToken", "not-a-token"));
    }

    @Override
    public Set<String> externalIds(String stream) {
        var ids = new LinkedHashSet<String>();
        fake.all(stream).forEach(entity -> ids.add(String.valueOf(entity.get("id"))));
        return ids;
    }

    @Override
    public Set<String> addAndChangeRecords(String stream) {
        fake.advance(60);
        long added = fake.add(stream, Map.of("name", "Added later"));
        String changed = externalIds(stream).iterator().next();
        fake.change(stream, Long.parseLong(changed), Map.of("name", "Changed later"));
        return Set.of(String.valueOf(added), changed);
    }

    @Override
    public void failNextRequests(int count, int status) {
        for (int i = 0; i < count; i++) {
            fake.inject(new FakeAmoCrm.Fault("*", "/api/", status));
        }
    }

    @Override
    public int requestCount() {
        return fake.calls().size();
    }

    @Override
    public void close() {
        fake.close();
    }
}
