package io.metaplatform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest
class MigrationsTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyTableOfTheRegistryHasForcedRowLevelSecurity() {
        List<String> unprotected = jdbc.queryForList("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'flyway_schema_history'
                   and (not c.relrowsecurity or not c.relforcerowsecurity
                        or not exists (select 1 from pg_policy p where p.polrelid = c.oid))""", String.class);

        assertThat(unprotected).isEmpty();
    }
}
