package io.metaplatform.plugins.api;

import java.util.Objects;

/**
 * The platform refused to connect to a host: its egress policy keeps connectors away from loopback,
 * private, link-local and other internal addresses (checked on the address a connection is opened
 * to, for every redirect) and from schemes other than {@code http} and {@code https}. Nothing was
 * sent. Fatal: retrying does not help until an admin changes the URL or an operator allows the host.
 * Connectors should let it propagate; its message starts with {@link #CODE} and names the host as
 * the URL gave it, never the address it resolved to.
 */
public final class EgressDeniedException extends ConnectorException {

    /** The stable error code admins see. */
    public static final String CODE = "EGRESS_DENIED";

    private final String host;

    /**
     * @param host   the host as the URL names it (or the refused scheme's URL without its path)
     * @param reason why, for the admin, without any resolved address
     */
    public EgressDeniedException(String host, String reason) {
        super(CODE + ": connectors may not reach " + Objects.requireNonNull(host, "host") + ": " + reason);
        this.host = host;
    }

    /** The refused host as the URL named it. */
    public String host() {
        return host;
    }
}
