package io.metaplatform.core.internal.persistence;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import java.time.Duration;

/**
 * What every statement of a request runs under, in one place for the transaction hook and the statement-scoped reads:
 * {@code app.tenant_id} (row-level security; empty without a bound tenant, which matches no row), the statement timeout,
 * and for reads read-only mode; all set transaction-locally, so a pooled connection forgets them when the transaction
 * ends.
 */
final class TenantSetting {

    private final Duration statementTimeout;
    private final String readWrite;
    private final String readOnly;

    TenantSetting(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
        // The timeout is the server's own configuration (a Duration: digits only), so it is part of the text; the tenant
        // is the one parameter, which keeps one prepared statement per query shape for all tenants.
        String settings = "select set_config('app.tenant_id', ?, true), set_config('statement_timeout', '"
                + statementTimeout.toMillis() + "ms', true)";
        this.readWrite = settings;
        this.readOnly = settings + ", set_config('transaction_read_only', 'on', true)";
    }

    /** The statement timeout every statement runs under. */
    Duration statementTimeout() {
        return statementTimeout;
    }

    /** The statement that applies the settings; its one parameter is {@link #tenant()}. */
    String statement(boolean readOnlyMode) {
        return readOnlyMode ? readOnly : readWrite;
    }

    /** The read-only statement with {@code tenant} inline, for a plain (unprepared) statement. */
    String inline(String tenant) {
        return readOnly.replace("?", "'" + tenant.replace("'", "''") + "'");
    }

    /** The bound tenant as the setting's value, empty when none is bound. */
    static String tenant() {
        return TenantContext.current().map(TenantId::toString).orElse("");
    }
}
