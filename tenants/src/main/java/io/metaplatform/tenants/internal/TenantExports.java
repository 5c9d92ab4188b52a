package io.metaplatform.tenants.internal;

import io.metaplatform.tenants.TenantExport;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/** Streams an export as the response body, on the request's own (virtual) thread: no async timeout cuts it. */
final class TenantExports {

    private TenantExports() {
    }

    static void stream(TenantExport export, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(export.fileName()).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        export.writeTo(response.getOutputStream());
        response.flushBuffer();
    }
}
