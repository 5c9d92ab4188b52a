package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.JsonException;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome.Fetch;
import io.metaplatform.plugins.api.WebhookOutcome;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Lexware event subscriptions: created and removed with the connection, and their callbacks
 * verified ({@code X-Lxo-Signature}: base64 RSA-SHA512 over the raw body) and turned into the
 * records to fetch. Callbacks carry no data, only the resource id.
 */
public final class Webhooks {

    /** The configuration property holding Lexware's webhook public key (PEM or base64 DER). */
    public static final String PUBLIC_KEY = "webhookPublicKey";
    static final String SIGNATURE_HEADER = "X-Lxo-Signature";
    private static final List<String> ACTIONS = List.of("created", "changed", "deleted", "status.changed");

    private Webhooks() {
    }

    /** Verifies a callback and names what to fetch; unknown events are ignored. */
    public static WebhookOutcome handle(WebhookContext context) {
        verify(context);
        Map<String, Object> event;
        try {
            event = Values.object(Json.parse(context.body()).toJava());
        } catch (JsonException e) {
            return WebhookOutcome.ignore();
        }
        var eventType = Values.text(event.get("eventType"));
        var resourceId = Values.text(event.get("resourceId"));
        if (eventType == null || resourceId == null) {
            return WebhookOutcome.ignore();
        }
        boolean deleted = eventType.endsWith(".deleted");
        if (eventType.startsWith("contact.")) {
            // The event does not say whether the contact is a company or a person: ask both streams.
            return new WebhookOutcome(List.of(
                    new Fetch(LexwareStreams.COMPANIES, resourceId, deleted),
                    new Fetch(LexwareStreams.CONTACTS, resourceId, deleted)));
        }
        // The longest action first: "invoice.status.changed" also ends in ".changed".
        return ACTIONS.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .filter(action -> eventType.endsWith("." + action))
                .map(action -> eventType.substring(0, eventType.length() - action.length() - 1))
                .findFirst()
                .flatMap(VoucherKind::ofEventPrefix)
                .map(kind -> new WebhookOutcome(List.of(new Fetch(kind.stream(), resourceId, deleted))))
                .orElse(WebhookOutcome.ignore());
    }

    /** The event types the connection subscribes to: contacts and the configured voucher types. */
    public static List<String> eventTypes(List<String> voucherTypes) {
        var types = new ArrayList<String>();
        for (var action : List.of("created", "changed", "deleted")) {
            types.add("contact." + action);
        }
        for (var kind : VoucherKind.values()) {
            if (voucherTypes.contains(kind.voucherType())) {
                ACTIONS.forEach(action -> types.add(kind.eventPrefix() + "." + action));
            }
        }
        return types;
    }

    /** Subscribes the connection's webhook URL to every event type it lacks; does nothing without a URL. */
    public static void subscribe(ConnectorContext context, List<String> voucherTypes) {
        var url = context.webhookUrl();
        if (url.isEmpty()) {
            context.logger().log(System.Logger.Level.INFO, "no webhook URL: changes are picked up by scheduled reads only");
            return;
        }
        var client = LexwareClient.of(context);
        var callbackUrl = url.get().toString();
        var existing = new LinkedHashSet<String>();
        for (var subscription : list(client)) {
            if (callbackUrl.equals(subscription.get("callbackUrl"))) {
                existing.add(Values.text(subscription.get("eventType")));
            }
        }
        for (var eventType : eventTypes(voucherTypes)) {
            if (existing.contains(eventType)) {
                continue;
            }
            var response = client.post("/event-subscriptions", Map.of("eventType", eventType, "callbackUrl", callbackUrl));
            if (response.status() == 409) {
                continue;
            }
            if (response.status() == 406) {
                var problems = LexwareErrors.problems(response, field -> field);
                throw new ConnectorException("Lexware refused the webhook subscription for " + eventType + ": "
                        + problems.stream().map(p -> p.field() + " " + p.message()).toList());
            }
            if (!response.ok()) {
                throw LexwareClient.failure("POST /event-subscriptions", response);
            }
        }
    }

    /** Removes every subscription that calls this connection's webhook URL. */
    public static void unsubscribe(ConnectorContext context) {
        var url = context.webhookUrl();
        if (url.isEmpty()) {
            return;
        }
        var client = LexwareClient.of(context);
        var callbackUrl = url.get().toString();
        for (var subscription : list(client)) {
            if (!callbackUrl.equals(subscription.get("callbackUrl"))) {
                continue;
            }
            var response = client.delete("/event-subscriptions/" + Values.text(subscription.get("subscriptionId")));
            if (!response.ok() && response.status() != 404) {
                throw LexwareClient.failure("DELETE /event-subscriptions/{id}", response);
            }
        }
    }

    private static List<Map<String, Object>> list(LexwareClient client) {
        var response = client.get("/event-subscriptions");
        if (!response.ok()) {
            throw LexwareClient.failure("GET /event-subscriptions", response);
        }
        return Values.list(response.object().get("content")).stream().map(Values::object).toList();
    }

    private static void verify(WebhookContext context) {
        var signature = context.header(SIGNATURE_HEADER)
                .orElseThrow(() -> new SecurityException("the callback has no " + SIGNATURE_HEADER + " header"));
        var key = context.configuration().find(PUBLIC_KEY)
                .orElseThrow(() -> new SecurityException("no webhook public key is configured, so no callback can be verified"));
        try {
            var verifier = Signature.getInstance("SHA512withRSA");
            verifier.initVerify(publicKey(key));
            verifier.update(context.body());
            if (!verifier.verify(Base64.getDecoder().decode(signature.strip()))) {
                throw new SecurityException("the " + SIGNATURE_HEADER + " signature does not match the body");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SecurityException("the " + SIGNATURE_HEADER + " signature cannot be verified: " + e.getMessage());
        }
    }

    static PublicKey publicKey(String text) throws GeneralSecurityException {
        var base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
