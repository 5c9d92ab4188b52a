package io.metaplatform.plugins.runtime.internal.connections;

import graphql.schema.DataFetcher;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.TenantContext;
import io.metaplatform.plugins.runtime.internal.http.OutboundBudget;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Bounds the admin operations that call an external system on the spot (check, enable, disable,
 * delete, search, single-record import, sync and push, OAuth grant): at most
 * {@link OutboundBudget#perRequest()} in one GraphQL request, however many aliases it has, and each
 * one taken from the tenant's {@link OutboundBudget}. Past either, the operation is refused with
 * {@code LIMIT_EXCEEDED} before anything is sent.
 */
@Component
final class OutboundCalls {

    private static final String COUNTER = OutboundCalls.class.getName() + ".count";

    private final OutboundBudget budget;

    OutboundCalls(OutboundBudget budget) {
        this.budget = budget;
    }

    /** {@code fetcher}, counted against the request's cap and the tenant's budget. */
    DataFetcher<Object> limited(DataFetcher<Object> fetcher) {
        return environment -> {
            AtomicInteger count = environment.getGraphQlContext().computeIfAbsent(COUNTER, key -> new AtomicInteger());
            if (count.incrementAndGet() > budget.perRequest()) {
                throw new PlatformException(ErrorCode.LIMIT_EXCEEDED, "At most " + budget.perRequest()
                        + " operations that call external systems (checks, searches, imports, pushes, enabling, disabling) per request.");
            }
            budget.take(TenantContext.require());
            return fetcher.get(environment);
        };
    }
}
