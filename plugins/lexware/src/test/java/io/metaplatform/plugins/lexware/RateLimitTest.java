package io.metaplatform.plugins.lexware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.plugins.api.CredentialsException;
import io.metaplatform.plugins.api.RetriableException;
import io.metaplatform.plugins.lexware.fake.FakeLexware;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final LexwareFixture lexware = new LexwareFixture();

    @AfterEach
    void stop() {
        lexware.close();
    }

    @Test
    void withinTheDeclaredBudgetLexwareNeverAnswers429() {
        lexware.realLimits();
        for (int i = 0; i < 4; i++) {
            lexware.fake.seedVoucher("invoice", "open", "RE" + i, null, LocalDate.of(2024, 3, 1),
                    Instant.parse("2024-03-02T10:00:00Z"), List.of(new FakeLexware.Line("x", "1", "1", "19")), false);
        }
        var sink = lexware.configure("voucherTypes", "invoice").read("invoices", Clock.systemUTC());

        assertThat(sink.records("invoices")).hasSize(4);
        assertThat(lexware.fake.count(429)).isZero();
        assertThat(lexware.fake.maxRequestsPerSecond(LexwareFixture.API_KEY)).isLessThanOrEqualTo(3);
    }

    @Test
    void occasional500sAreRetriedAndTheReadCompletes() {
        for (int i = 0; i < 60; i++) {
            lexware.fake.seedCompany("Firma " + i, null);
        }
        lexware.fake.inject(new FakeLexware.Fault("GET", "/contacts", 500,
                "{\"message\":\"Internal server error or rate limit exceeded\"}", false));
        var sink = lexware.read("companies", Clock.systemUTC());

        assertThat(sink.records("companies")).hasSize(60);
        assertThat(lexware.fake.count(500)).isEqualTo(1);
    }

    @Test
    void persistent500sFailTheRunAsRetriable() {
        lexware.fake.randomFailures(1.0);

        assertThatThrownBy(() -> lexware.read("companies", Clock.systemUTC()))
                .isInstanceOf(RetriableException.class).hasMessageContaining("500");
    }

    @Test
    void aKeyRevokedDuringARunIsACredentialsProblem() {
        lexware.fake.revokeKey(LexwareFixture.API_KEY);

        assertThatThrownBy(() -> lexware.read("invoices", Clock.systemUTC()))
                .isInstanceOf(CredentialsException.class);
    }
}
