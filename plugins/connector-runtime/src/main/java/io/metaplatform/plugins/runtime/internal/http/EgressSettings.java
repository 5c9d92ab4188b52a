package io.metaplatform.plugins.runtime.internal.http;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.connectors.egress.*}: what connectors may reach besides the public internet
 * ({@code PLATFORM_CONNECTORS_EGRESS_ALLOW=fake-lexware.internal,10.20.0.0/16}).
 *
 * @param allow        addresses, CIDR blocks and host names ({@code *.example.com} for a domain) connectors may
 *                     reach although they are internal; empty by default: only public addresses
 * @param maxRedirects redirects a call follows at most, each checked like the first request
 * @param callsPerMinute  admin operations that call external systems (checks, searches, single-record imports and
 *                        pushes, enabling, disabling, OAuth grants) a tenant may start per minute, on all instances together
 * @param callsPerRequest such operations one API request may contain (GraphQL aliases cannot multiply them)
 */
@ConfigurationProperties("platform.connectors.egress")
public record EgressSettings(List<String> allow, Integer maxRedirects, Integer callsPerMinute, Integer callsPerRequest) {

    public EgressSettings {
        allow = allow == null ? List.of() : List.copyOf(allow);
        maxRedirects = maxRedirects == null ? 5 : maxRedirects;
        callsPerMinute = callsPerMinute == null ? 30 : callsPerMinute;
        callsPerRequest = callsPerRequest == null ? 5 : callsPerRequest;
        if (callsPerMinute < 1 || callsPerRequest < 1) {
            throw new IllegalArgumentException("platform.connectors.egress.calls-per-minute and calls-per-request must be at least 1");
        }
        if (maxRedirects < 0 || maxRedirects > 20) {
            throw new IllegalArgumentException("platform.connectors.egress.max-redirects must be between 0 and 20");
        }
    }

    /** The policy these settings describe. */
    EgressPolicy policy() {
        return EgressPolicy.allowing(allow);
    }
}
