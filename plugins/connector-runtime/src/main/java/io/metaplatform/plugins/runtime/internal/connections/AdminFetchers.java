package io.metaplatform.plugins.runtime.internal.connections;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import io.metaplatform.core.ErrorCode;
import io.metaplatform.core.PlatformException;
import io.metaplatform.core.PlatformPrincipal;
import io.metaplatform.core.Role;
import io.metaplatform.plugins.runtime.ConnectionService;
import java.util.UUID;

/** What every connector operation of {@code /graphql/admin} does first: check the caller and read the connection id. */
final class AdminFetchers {

    private AdminFetchers() {
    }

    static DataFetcher<Object> admin(DataFetcher<Object> fetcher) {
        return environment -> {
            if (!PlatformPrincipal.current().has(Role.TENANT_ADMIN)) {
                throw new PlatformException(ErrorCode.FORBIDDEN, "Connections are managed by tenant admins.");
            }
            return fetcher.get(environment);
        };
    }

    /** The {@code connection} argument; a malformed id is as unknown as a missing connection. */
    static UUID connection(DataFetchingEnvironment environment) {
        String text = environment.getArgument("connection");
        return ConnectionService.uuid(text).orElseThrow(() -> PlatformException.notFound("Connection " + text));
    }
}
