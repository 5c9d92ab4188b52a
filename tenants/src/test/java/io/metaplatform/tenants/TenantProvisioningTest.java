package io.metaplatform.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.core.Violation;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest
class TenantProvisioningTest {

    @Autowired
    TenantService tenants;

    @Test
    void createdTenantCanBeReadBackByIdAndBySlugWithItsSettings() {
        String slug = uniqueSlug();
        Tenant created = tenants.create(new NewTenant(slug, "  Müller & Söhne GmbH ", new TenantSettings("CHF", "de-CH", "Europe/Zurich")), "op");

        Tenant byId = tenants.get(created.id().toString());
        Tenant bySlug = tenants.get(slug);

        assertThat(byId).isEqualTo(created).isEqualTo(bySlug);
        assertThat(byId.name()).isEqualTo("Müller & Söhne GmbH");
        assertThat(byId.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(byId.metadataVersion()).isZero();
        assertThat(byId.settings()).isEqualTo(new TenantSettings("CHF", "de-CH", "Europe/Zurich"));
    }

    @Test
    void absentSettingsTakeThePlatformDefaults() {
        Tenant created = tenants.create(new NewTenant(uniqueSlug(), "Defaults", new TenantSettings(null, "fr", null)), "op");

        assertThat(tenants.get(created.id().toString()).settings()).isEqualTo(new TenantSettings("EUR", "fr", "UTC"));
    }

    @Test
    void suspendAndReactivateRoundTrip() {
        Tenant created = tenants.create(new NewTenant(uniqueSlug(), "Suspend me", null), "op");

        Tenant suspended = tenants.suspend(created.slug(), "invoice overdue");
        Tenant again = tenants.suspend(created.slug(), "another reason");
        Tenant reactivated = tenants.reactivate(created.id().toString());

        assertThat(suspended.status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThat(suspended.suspendedAt()).isNotNull();
        assertThat(again.suspensionReason()).isEqualTo("invoice overdue");
        assertThat(reactivated.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(reactivated.suspendedAt()).isNull();
        assertThat(reactivated.suspensionReason()).isNull();
    }

    @Test
    void listPagesBySlugAndFiltersByStatus() {
        String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8);
        for (String suffix : new String[] {"a", "b", "c"}) {
            tenants.create(new NewTenant(prefix + "-" + suffix, "List " + suffix, null), "op");
        }
        tenants.suspend(prefix + "-b", null);

        TenantPage first = tenants.list(Optional.empty(), Optional.of(prefix), 2);
        TenantPage second = tenants.list(Optional.empty(), Optional.of(first.next()), 2);
        TenantPage suspended = tenants.list(Optional.of(TenantStatus.SUSPENDED), Optional.of(prefix), 200);

        assertThat(first.tenants()).extracting(Tenant::slug).containsExactly(prefix + "-a", prefix + "-b");
        assertThat(second.tenants()).extracting(Tenant::slug).startsWith(prefix + "-c");
        assertThat(suspended.tenants()).extracting(Tenant::slug).contains(prefix + "-b").doesNotContain(prefix + "-a", prefix + "-c");
    }

    @Test
    void rejectsEveryInvalidFieldAtOnceAndWritesNothing() {
        String slug = "Bad Slug";

        assertThatThrownBy(() -> tenants.create(new NewTenant(slug, " ", new TenantSettings("EURO", "", "Mars/Olympus")), "op"))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.violations()).extracting(Violation::field).containsExactly(
                            "slug", "name", "settings.defaultCurrency", "settings.locale", "settings.timeZone");
                });
        assertThat(tenants.list(Optional.empty(), Optional.empty(), 200).tenants()).extracting(Tenant::name).doesNotContain(" ");
    }

    @Test
    void rejectsReservedAndDuplicateSlugs() {
        String slug = uniqueSlug();
        tenants.create(new NewTenant(slug, "First", null), "op");

        assertThatThrownBy(() -> tenants.create(new NewTenant(slug, "Second", null), "op"))
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                    assertThat(e.violations()).extracting(Violation::field).containsExactly("slug");
                });
        assertThatThrownBy(() -> tenants.create(new NewTenant("admin", "Admin", null), "op"))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations())
                        .extracting(Violation::code).containsExactly("RESERVED"));
    }

    @Test
    void unknownTenantIsNotFound() {
        assertThatThrownBy(() -> tenants.get(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void settingsChangeOnlyForTheBoundTenantAndKeepAbsentValues() {
        Tenant mine = tenants.create(new NewTenant(uniqueSlug(), "Mine", new TenantSettings("EUR", "de", "Europe/Berlin")), "op");
        Tenant other = tenants.create(new NewTenant(uniqueSlug(), "Other", new TenantSettings("EUR", "de", "Europe/Berlin")), "op");

        TenantSettings changed = TenantContext.callAs(mine.id(),
                () -> tenants.updateSettings(new TenantSettings("USD", null, null), "admin"));

        assertThat(changed).isEqualTo(new TenantSettings("USD", "de", "Europe/Berlin"));
        assertThat(tenants.get(mine.slug()).settings()).isEqualTo(changed);
        assertThat(tenants.get(other.slug()).settings().defaultCurrency()).isEqualTo("EUR");
    }

    @Test
    void invalidSettingsChangeIsRejectedAndLeavesSettingsAsTheyWere() {
        Tenant mine = tenants.create(new NewTenant(uniqueSlug(), "Mine", null), "op");

        assertThatThrownBy(() -> TenantContext.callAs(mine.id(),
                () -> tenants.updateSettings(new TenantSettings("usd", null, "Nowhere"), "admin")))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("defaultCurrency", "timeZone"));
        assertThat(tenants.get(mine.slug()).settings()).isEqualTo(TenantSettings.DEFAULTS);
    }

    static String uniqueSlug() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }
}
