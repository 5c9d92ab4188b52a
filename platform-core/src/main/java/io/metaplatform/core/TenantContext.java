package io.metaplatform.core;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The tenant the current thread works for.
 *
 * <p>Bound per request from the authenticated principal, or explicitly by platform code that acts for a
 * tenant (provisioning, background jobs). Each database transaction copies it into the session setting
 * {@code app.tenant_id} when the transaction begins, which is what row-level security filters on. The
 * tenant therefore has to be bound <em>before</em> a transaction starts; switching to another tenant
 * inside a running transaction is refused.
 *
 * <p>Thread-confined: a scope opened on one thread is invisible to others and must be closed on the
 * thread that opened it.
 */
public final class TenantContext {

    private static final ThreadLocal<TenantId> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /** The bound tenant, if any. */
    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The bound tenant.
     *
     * @throws PlatformException with {@link ErrorCode#FORBIDDEN} when no tenant is bound, e.g. for a
     *     token that carries no tenant
     */
    public static TenantId require() {
        TenantId tenant = CURRENT.get();
        if (tenant == null) {
            throw new PlatformException(ErrorCode.FORBIDDEN, "This operation needs a tenant, and the caller's token names none.");
        }
        return tenant;
    }

    /**
     * Binds {@code tenant} until the returned scope is closed, then restores what was bound before.
     *
     * @throws IllegalStateException when a transaction is running for another tenant
     */
    public static Scope open(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        TenantId previous = CURRENT.get();
        if (previous != null && !previous.equals(tenant) && TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Cannot switch tenant inside a running transaction");
        }
        CURRENT.set(tenant);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Runs {@code work} with {@code tenant} bound and returns its result. */
    public static <T> T callAs(TenantId tenant, Supplier<T> work) {
        try (Scope ignored = open(tenant)) {
            return work.get();
        }
    }

    /** A bound tenant; closing it restores the previous binding. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
