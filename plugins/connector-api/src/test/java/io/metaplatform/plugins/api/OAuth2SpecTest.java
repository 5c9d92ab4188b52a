package io.metaplatform.plugins.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuth2SpecTest {

    private static final OAuth2Spec AMO = new OAuth2Spec("https://www.amocrm.ru/oauth", "{baseUrl}/oauth2/access_token", List.of(),
            "clientId", "clientSecret").withJsonTokenRequests().withAccountFromRedirect("baseUrl", List.of("amocrm.ru", "kommo.com"), "https")
            .withLongLivedToken("longLivedToken");

    @Test
    void theRedirectsRefererBecomesTheAccountUrlOnlyOnTheAllowedDomains() {
        var account = AMO.accountFromRedirect().orElseThrow();

        assertThat(account.accountUrl("clinic.amocrm.ru")).contains("https://clinic.amocrm.ru");
        assertThat(account.accountUrl("Shop.Kommo.com")).contains("https://shop.kommo.com");
        assertThat(account.accountUrl("evil.example.com")).isEmpty();
        assertThat(account.accountUrl("amocrm.ru.evil.com")).isEmpty();
        assertThat(account.accountUrl("evilamocrm.ru")).isEmpty();
        assertThat(account.accountUrl("clinic.amocrm.ru/path")).isEmpty();
        assertThat(account.accountUrl("user@clinic.amocrm.ru")).isEmpty();
        assertThat(account.accountUrl(null)).isEmpty();
    }

    @Test
    void theTokenUriIsFilledFromTheConfigurationAndTheLongLivedTokenOnlyWhenSet() {
        var configuration = new Configuration(Map.of("baseUrl", "https://clinic.amocrm.ru", "longLivedToken", " "));

        assertThat(AMO.tokenUri(configuration)).hasToString("https://clinic.amocrm.ru/oauth2/access_token");
        assertThat(AMO.tokenRequests()).isEqualTo(OAuth2Spec.TokenRequests.JSON_WITH_REDIRECT_URI);
        assertThat(AMO.longLivedToken(configuration)).isEmpty();
        assertThat(AMO.longLivedToken(new Configuration(Map.of("longLivedToken", "t")))).contains("t");
    }

    @Test
    void aDescriptorRefusesALongLivedTokenPropertyThatIsNotSecret() {
        assertThatThrownBy(() -> ConnectorDescriptor.builder("x", "X", "1")
                .config(ConfigSchema.of(ConfigProperty.required("baseUrl", ConfigType.URL, "u"),
                        ConfigProperty.required("clientId", ConfigType.STRING, "id"), ConfigProperty.secret("clientSecret", "s"),
                        ConfigProperty.required("longLivedToken", ConfigType.STRING, "t")))
                .stream(StreamDescriptor.of("s", "deal", List.of()))
                .oauth(AMO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a secret");
    }
}
