package io.metaplatform.plugins.runtime.internal.connections;

import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.plugins.runtime.ConnectionRun;
import io.metaplatform.plugins.runtime.ConnectionService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/connections/{id}/runs}: a tenant admin uploads a file (the raw body, for example
 * {@code text/csv}) and a run of the connection starts with it. Answers 202 with the running run.
 */
@RestController
class ConnectionRunsController {

    private final ConnectionService connections;
    private final long maxUploadBytes;

    ConnectionRunsController(ConnectionService connections, ConnectorsProperties properties) {
        this.connections = connections;
        this.maxUploadBytes = properties.maxUploadSize().toBytes();
    }

    @PostMapping(path = "/api/connections/{id}/runs",
            consumes = {"text/csv", "text/plain", "application/csv", "application/octet-stream", "application/vnd.ms-excel"})
    @PreAuthorize("hasRole('tenant-admin')")
    ResponseEntity<Map<String, Object>> upload(@PathVariable String id, HttpServletRequest request) throws IOException {
        UUID connection = ConnectionService.uuid(id).orElseThrow(() -> PlatformException.notFound("Connection " + id));
        if (request.getContentLengthLong() > maxUploadBytes) {
            throw tooLarge();
        }
        byte[] content;
        try (InputStream body = request.getInputStream()) {
            content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxUploadBytes + 1));
        }
        if (content.length > maxUploadBytes) {
            throw tooLarge();
        }
        ConnectionRun run = connections.runWithUpload(connection, request.getContentType(), content);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(run, content.length));
    }

    private PlatformException tooLarge() {
        return new PlatformException(ErrorCode.PAYLOAD_TOO_LARGE, "The file is larger than the " + maxUploadBytes
                + " bytes a run may take; split it into several uploads.");
    }

    private static Map<String, Object> view(ConnectionRun run, long size) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", run.id().toString());
        result.put("connection", run.connectionId().toString());
        result.put("trigger", run.trigger().name());
        result.put("status", run.status().name());
        result.put("startedAt", run.startedAt().toString());
        result.put("uploadBytes", size);
        return result;
    }
}
