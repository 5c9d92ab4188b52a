package io.metaplatform.plugins.lexware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.WebhookOutcome;
import io.metaplatform.plugins.api.WebhookOutcome.Fetch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookTest {

    private static final String HOOK = "https://platform.example/webhooks/lexware/c1";

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void aSignedVoucherEventAsksToFetchThatVoucher() {
        var event = lexware.fake.event("invoice.status.changed", "inv-1");

        var outcome = handle(event.body(), event.signature());

        assertThat(outcome.fetch()).containsExactly(new Fetch("invoices", "inv-1", false));
        assertThat(lexware.fake.requests()).isEmpty();
    }

    @Test
    void eachVoucherKindNamesItsStreamAndDeletionsSaySo() {
        assertThat(handle("order-confirmation.created", "o1").fetch()).containsExactly(new Fetch("salesOrders", "o1", false));
        assertThat(handle("quotation.changed", "q1").fetch()).containsExactly(new Fetch("quotes", "q1", false));
        assertThat(handle("credit-note.deleted", "c1").fetch()).containsExactly(new Fetch("creditNotes", "c1", true));
    }

    @Test
    void aContactEventAsksBothContactStreamsSinceItMayBeACompanyOrAPerson() {
        assertThat(handle("contact.changed", "k1").fetch())
                .containsExactly(new Fetch("companies", "k1", false), new Fetch("contacts", "k1", false));
        assertThat(handle("contact.deleted", "k1").fetch()).allMatch(Fetch::deleted);
    }

    @Test
    void eventsTheConnectorDoesNotSyncAreIgnored() {
        assertThat(handle("article.changed", "a1").fetch()).isEmpty();
        assertThat(handle("payment.changed", "p1").fetch()).isEmpty();
    }

    @Test
    void aTamperedBodyIsRefused() {
        var event = lexware.fake.event("contact.changed", "k1");
        var tampered = new String(event.body(), StandardCharsets.UTF_8).replace("k1", "k2").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> handle(tampered, event.signature())).isInstanceOf(SecurityException.class);
    }

    @Test
    void aCallbackWithoutSignatureOrWithGarbageIsRefused() {
        var event = lexware.fake.event("contact.changed", "k1");
        var context = lexware.configure("webhookPublicKey", lexware.fake.publicKeyPem()).webhookContext(null)
                .callback(event.body(), Map.of());

        assertThatThrownBy(() -> lexware.connector.webhook(context)).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> handle(event.body(), "bm90IGEgc2lnbmF0dXJl")).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> handle(event.body(), "%%%")).isInstanceOf(SecurityException.class);
    }

    @Test
    void withoutAConfiguredPublicKeyEveryCallbackIsRefused() {
        var event = lexware.fake.event("contact.changed", "k1");
        var context = lexware.webhookContext(null).callback(event.body(), Map.of("X-Lxo-Signature", event.signature()));

        assertThatThrownBy(() -> lexware.connector.webhook(context))
                .isInstanceOf(SecurityException.class).hasMessageContaining("public key");
    }

    @Test
    void enablingSubscribesTheWebhookUrlToContactAndConfiguredVoucherEvents() {
        var context = lexware.configure("voucherTypes", "invoice,quotation").webhookContext(HOOK);

        lexware.connector.onEnable(context);
        lexware.connector.onEnable(context);

        assertThat(lexware.fake.subscriptions()).extracting(s -> s.get("eventType")).containsExactlyInAnyOrder(
                "contact.created", "contact.changed", "contact.deleted",
                "invoice.created", "invoice.changed", "invoice.deleted", "invoice.status.changed",
                "quotation.created", "quotation.changed", "quotation.deleted", "quotation.status.changed");
        assertThat(lexware.fake.subscriptions()).allMatch(s -> HOOK.equals(s.get("callbackUrl")));
        assertThat(lexware.fake.count(409)).isZero();
    }

    @Test
    void disablingRemovesOnlyThisConnectionsSubscriptions() {
        var other = lexware.configure("voucherTypes", "invoice").webhookContext("https://other.example/hook");
        lexware.connector.onEnable(other);
        var context = lexware.configure("voucherTypes", null).webhookContext(HOOK);
        lexware.connector.onEnable(context);

        lexware.connector.onDisable(context);

        assertThat(lexware.fake.subscriptions()).hasSize(7)
                .allMatch(s -> "https://other.example/hook".equals(s.get("callbackUrl")));
    }

    @Test
    void enablingWithAnHttpUrlFailsWithLexwaresReason() {
        var context = lexware.webhookContext("http://platform.example/hook");

        assertThatThrownBy(() -> lexware.connector.onEnable(context))
                .isInstanceOf(ConnectorException.class).hasMessageContaining("callbackUrl");
    }

    @Test
    void withoutAWebhookUrlEnablingSubscribesNothing() {
        lexware.connector.onEnable(lexware.webhookContext(null));

        assertThat(lexware.fake.requests()).isEmpty();
    }

    private WebhookOutcome handle(String eventType, String resourceId) {
        var event = lexware.fake.event(eventType, resourceId);
        return handle(event.body(), event.signature());
    }

    private WebhookOutcome handle(byte[] body, String signature) {
        var context = lexware.configure("webhookPublicKey", lexware.fake.publicKeyPem()).webhookContext(null)
                .callback(Arrays.copyOf(body, body.length), Map.of("X-Lxo-Signature", signature));
        return lexware.connector.webhook(context);
    }
}
