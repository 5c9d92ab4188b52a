package io.metaplatform.core.internal.persistence;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ApplicationRoleCheckTest {

    final TestDatabase database = TestDatabase.get();

    @Test
    void plainApplicationRolePasses() {
        JdbcTemplate asApp = new JdbcTemplate(new DriverManagerDataSource(database.url(), database.appUser(), database.appPassword()));

        assertThatCode(() -> new ApplicationRoleCheck(asApp).verify()).doesNotThrowAnyException();
    }

    @Test
    void superuserAsApplicationRoleIsRefused() {
        JdbcTemplate asOwner = new JdbcTemplate(new DriverManagerDataSource(database.url(), database.ownerUser(), database.ownerPassword()));

        assertThatThrownBy(() -> new ApplicationRoleCheck(asOwner).verify())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is a superuser");
    }
}
