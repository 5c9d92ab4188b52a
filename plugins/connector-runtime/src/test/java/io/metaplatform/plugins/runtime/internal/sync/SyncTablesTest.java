package io.metaplatform.plugins.runtime.internal.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyncTablesTest extends SyncTestSupport {

    @Test
    void everySyncTableHasForcedRowLevelSecurityWithATenantPolicy() {
        List<String> protectedTables = jdbc.queryForList("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind = 'r' and c.relname like 'sync\\_%'
                   and c.relrowsecurity and c.relforcerowsecurity
                   and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_isolation')
                 order by c.relname""", String.class);

        assertThat(protectedTables).containsExactly("sync_dead_letter", "sync_external_ref", "sync_stream_state");
    }
}
