package io.metaplatform.registry;

import java.math.BigDecimal;
import java.util.Objects;

/** A currency amount: an exact decimal and an ISO 4217 code. */
public record Money(BigDecimal amount, String currencyCode) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currencyCode, "currencyCode");
    }
}
