package io.metaplatform.plugins.yclients.internal;

import io.metaplatform.plugins.api.ConfigProperty;
import io.metaplatform.plugins.api.ConfigSchema;
import io.metaplatform.plugins.api.ConfigType;

/** The connector's configuration properties. */
public final class Config {

    public static final String PARTNER_TOKEN = "partnerToken";
    public static final String LOGIN = "login";
    public static final String PASSWORD = "password";
    public static final String USER_TOKEN = "userToken";
    public static final String COMPANY_ID = "companyId";
    public static final String BASE_URL = "baseUrl";
    public static final String WEBHOOK_TOKEN = "webhookToken";

    public static final ConfigSchema SCHEMA = ConfigSchema.of(
            ConfigProperty.secret(PARTNER_TOKEN, "The partner token of the YCLIENTS marketplace developer account."),
            ConfigProperty.secret(LOGIN, "Login (phone or email) of the YCLIENTS user the connector acts as; with the password, "
                    + "the connector fetches the user token itself and renews it after a password change.").optionalSecret(),
            ConfigProperty.secret(PASSWORD, "That user's password.").optionalSecret(),
            ConfigProperty.secret(USER_TOKEN, "A user token, instead of login and password (it stops working when the user "
                    + "changes the password).").optionalSecret(),
            ConfigProperty.required(COMPANY_ID, ConfigType.INTEGER, "The YCLIENTS company (location) id; one connection per location."),
            ConfigProperty.optional(BASE_URL, ConfigType.URL, "https://api.yclients.com/api/v1", "The YCLIENTS API address."),
            ConfigProperty.secret(WEBHOOK_TOKEN, "A secret of at least 24 characters you choose; YCLIENTS webhooks are accepted "
                    + "only at the connection's webhook URL followed by /<this token>.").optionalSecret());

    private Config() {
    }
}
