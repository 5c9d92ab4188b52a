package io.metaplatform.tenants;

import io.metaplatform.core.Violations;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.Locale;

/**
 * A tenant's defaults.
 *
 * @param defaultCurrency ISO 4217 code used where a currency amount names none
 * @param locale BCP 47 language tag for labels and formats
 * @param timeZone IANA zone for dates without a time
 */
public record TenantSettings(String defaultCurrency, String locale, String timeZone) {

    public static final TenantSettings DEFAULTS = new TenantSettings("EUR", "en", "UTC");

    /** These settings with every absent value taken from {@code base}. */
    public TenantSettings orElse(TenantSettings base) {
        return new TenantSettings(
                defaultCurrency == null ? base.defaultCurrency() : defaultCurrency,
                locale == null ? base.locale() : locale,
                timeZone == null ? base.timeZone() : timeZone);
    }

    /** Records every invalid value under {@code prefix}. */
    void validate(String prefix, Violations violations) {
        violations.check(isCurrency(defaultCurrency), prefix + "defaultCurrency", "INVALID_CURRENCY",
                "must be an ISO 4217 currency code such as EUR");
        violations.check(isLocale(locale), prefix + "locale", "INVALID_LOCALE", "must be a BCP 47 language tag such as de-DE");
        violations.check(isZone(timeZone), prefix + "timeZone", "INVALID_TIME_ZONE", "must be an IANA time zone such as Europe/Berlin");
    }

    private static boolean isCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLocale(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > 35) {
            return false;
        }
        try {
            return !new Locale.Builder().setLanguageTag(tag).build().getLanguage().isEmpty();
        } catch (IllformedLocaleException e) {
            return false;
        }
    }

    private static boolean isZone(String zone) {
        if (zone == null || zone.length() > 64) {
            return false;
        }
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
