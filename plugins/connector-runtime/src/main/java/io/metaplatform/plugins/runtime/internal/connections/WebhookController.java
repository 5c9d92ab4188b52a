package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.plugins.runtime.ConnectionService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/webhooks/{connectionId}} and {@code POST /api/webhooks/{connectionId}/{token}}: calls of
 * external systems, without a bearer token (the connector checks their signature, or the URL's secret token). 202 when taken, 401 when not authentic, 404 for no enabled
 * connection with this id, 413 above the size limit.
 */
@RestController
final class WebhookController {

    private final Webhooks webhooks;
    private final long maxBytes;

    WebhookController(Webhooks webhooks, ConnectorsProperties properties) {
        this.webhooks = webhooks;
        this.maxBytes = properties.maxWebhookSize().toBytes();
    }

    @PostMapping("/api/webhooks/{connectionId}")
    ResponseEntity<Void> receive(@PathVariable String connectionId, HttpServletRequest request) throws IOException {
        return receive(connectionId, Optional.empty(), request);
    }

    @PostMapping("/api/webhooks/{connectionId}/{token}")
    ResponseEntity<Void> receiveWithToken(@PathVariable String connectionId, @PathVariable String token, HttpServletRequest request)
            throws IOException {
        return receive(connectionId, Optional.of(token), request);
    }

    private ResponseEntity<Void> receive(String connectionId, Optional<String> token, HttpServletRequest request) throws IOException {
        UUID id = ConnectionService.uuid(connectionId).orElseThrow(WebhookController::unknown);
        if (request.getContentLengthLong() > maxBytes) {
            throw tooLarge();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return switch (webhooks.receive(id, token, query(request), headers(request), body)) {
            case ACCEPTED -> ResponseEntity.accepted().build();
            case UNKNOWN -> throw unknown();
            case REFUSED -> throw new PlatformException(ErrorCode.UNAUTHENTICATED, "The webhook call is not authentic.");
            case INVALID -> throw new PlatformException(ErrorCode.BAD_REQUEST, "The connector could not read the webhook call.");
        };
    }

    /** The query string's parameters only (a form-encoded body is the connector's to read). */
    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = request.getQueryString();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), java.nio.charset.StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1), java.nio.charset.StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(Collections.list(request.getHeaders(name)));
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return headers;
    }

    private static PlatformException unknown() {
        return PlatformException.notFound("Webhook");
    }

    private PlatformException tooLarge() {
        return new PlatformException(ErrorCode.PAYLOAD_TOO_LARGE, "A webhook call may carry at most " + maxBytes + " bytes.");
    }
}
