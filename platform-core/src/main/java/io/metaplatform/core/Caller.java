package io.metaplatform.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who the current work is done for, as the services see it: the subject, what kind of principal it is, the
 * tenant role names it holds (resolved from the token's claims, an API key's roles or a connection's service
 * role) and the token attributes a record rule may refer to as {@code $user.<name>}.
 *
 * <p>Bound per request by the web layer for every authenticated data-API call, and by platform code that acts on
 * its own ({@link Kind#SYSTEM}: provisioning, migrations, background fills). Work with no bound caller runs as
 * {@link #system()}: only platform-internal code paths may rely on that; every request path binds a caller.
 *
 * <p>Thread-confined like {@link TenantContext}.
 */
public record Caller(String subject, Kind kind, Set<String> roles, Map<String, String> attributes) {

    /** The kinds of principal. */
    public enum Kind {
        /** A person, through a token of the trusted issuer. */
        USER,
        /** A machine client, through an API key. */
        API_KEY,
        /** A connection's own service principal (sync runs, webhooks, imports). */
        CONNECTOR,
        /** The platform itself; unrestricted. */
        SYSTEM
    }

    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();
    private static final Caller SYSTEM = new Caller("system", Kind.SYSTEM, Set.of(), Map.of());

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(kind, "kind");
        roles = Set.copyOf(roles);
        attributes = Map.copyOf(attributes);
    }

    public static Caller system() {
        return SYSTEM;
    }

    /** A connection's service principal, holding the role the admin chose for it. */
    public static Caller connector(String connectionId, Set<String> roles) {
        return new Caller("connector:" + connectionId, Kind.CONNECTOR, roles, Map.of());
    }

    /** The bound caller, or {@link #system()} when none is bound. */
    public static Caller current() {
        Caller caller = CURRENT.get();
        return caller == null ? SYSTEM : caller;
    }

    /** The bound caller, if one is bound. */
    public static Optional<Caller> bound() {
        return Optional.ofNullable(CURRENT.get());
    }

    public boolean isSystem() {
        return kind == Kind.SYSTEM;
    }

    /** Binds {@code caller} until the returned scope is closed, then restores what was bound before. */
    public static TenantContext.Scope open(Caller caller) {
        Objects.requireNonNull(caller, "caller");
        Caller previous = CURRENT.get();
        CURRENT.set(caller);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Runs {@code work} with {@code caller} bound and returns its result. */
    public static <T> T callAs(Caller caller, Supplier<T> work) {
        try (TenantContext.Scope ignored = open(caller)) {
            return work.get();
        }
    }
}
