package io.metaplatform.plugins.amocrm.internal;

import io.metaplatform.plugins.api.ConnectorContext;
import io.metaplatform.plugins.api.ConnectorException;
import io.metaplatform.plugins.api.Json;
import io.metaplatform.plugins.api.WebhookContext;
import io.metaplatform.plugins.api.WebhookOutcome;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * amoCRM webhooks. They are form-encoded with bracketed keys ({@code leads[update][0][id]=…}) and carry
 * no signature, so the URL amoCRM is given holds a secret token (an HMAC of the connection id under the
 * connection's client secret or long-lived token) and a call without it is refused. What a call says is
 * only a hint: the named entities are read again from amoCRM, a deletion makes the stream read its
 * deleted entities; nothing in the body is trusted as data.
 */
public final class Webhooks {

    public static final String TOKEN = "token";
    static final List<String> EVENTS = List.of("add_lead", "update_lead", "delete_lead", "restore_lead", "status_lead",
            "add_contact", "update_contact", "delete_contact", "add_company", "update_company", "delete_company");
    private static final Pattern KEY = Pattern.compile("(leads|contacts|companies)\\[(add|update|delete|restore|status|responsible)]\\[(\\d+)]\\[id]");

    private Webhooks() {
    }

    /** Subscribes the connection's webhook URL (with its token) to lead, contact and company events. */
    public static void subscribe(ConnectorContext context) {
        var url = destination(context);
        if (url == null) {
            context.logger().log(System.Logger.Level.INFO, "The platform has no public URL: amoCRM webhooks are not subscribed");
            return;
        }
        var response = AmoClient.of(context).write("POST", "/webhooks", Json.from(Map.of("destination", url, "settings", EVENTS)));
        if (!response.ok()) {
            throw new ConnectorException("amoCRM refused the webhook subscription (" + response.status()
                    + "); webhooks need the Advanced or Enterprise plan. Syncs run on schedule without them.");
        }
    }

    public static void unsubscribe(ConnectorContext context) {
        var url = destination(context);
        if (url != null) {
            AmoClient.of(context).write("DELETE", "/webhooks", Json.from(Map.of("destination", url)));
        }
    }

    /** The events of an authentic call as re-fetch hints. */
    public static WebhookOutcome handle(WebhookContext context) {
        String expected = token(context);
        String given = context.query().getOrDefault(TOKEN, "");
        if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new SecurityException("the amoCRM webhook call lacks this connection's token");
        }
        Set<WebhookOutcome.Fetch> fetch = new LinkedHashSet<>();
        parse(new String(context.body(), StandardCharsets.UTF_8)).forEach((key, value) -> {
            var matcher = KEY.matcher(key);
            if (matcher.matches() && value.matches("\\d{1,18}")) {
                boolean deleted = matcher.group(2).equals("delete");
                // A deletion is read back with the stream's deleted entities; anything else by id.
                fetch.add(new WebhookOutcome.Fetch(matcher.group(1), deleted ? null : value, false));
            }
        });
        return new WebhookOutcome(new ArrayList<>(fetch));
    }

    /** A form body's keys to values, in order (bracketed keys as they are). */
    static Map<String, String> parse(String body) {
        var values = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    private static String destination(ConnectorContext context) {
        String token = token(context);
        return context.webhookUrl().filter(url -> token != null).map(URI::toString).map(url -> url + "?" + TOKEN + "=" + token).orElse(null);
    }

    /** HMAC-SHA256 of the connection id under its client secret (or long-lived token); null without either. */
    static String token(ConnectorContext context) {
        String key = context.configuration().find("clientSecret").filter(value -> !value.isBlank())
                .or(() -> context.configuration().find("longLivedToken").filter(value -> !value.isBlank())).orElse(null);
        if (key == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("amocrm-webhook/" + context.connectionId()).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
