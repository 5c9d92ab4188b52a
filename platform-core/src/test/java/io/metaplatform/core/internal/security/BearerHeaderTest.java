package io.metaplatform.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** The Authorization header is read as Spring's resolver reads it, without its regular expression (issue 20). */
class BearerHeaderTest {

    private static final DefaultBearerTokenResolver SPRING = new DefaultBearerTokenResolver();

    @Test
    void readsTheTokenOfABearerCredentialAndNothingElse() {
        assertThat(BearerHeader.token("Bearer eyJ.abc-_~+/.x==")).isEqualTo("eyJ.abc-_~+/.x==");
        assertThat(BearerHeader.token("bEaReR mpk_abc")).isEqualTo("mpk_abc");
        assertThat(BearerHeader.token(null)).isNull();
        assertThat(BearerHeader.token("Basic dXNlcjpwYXNz")).isNull();
        for (String malformed : List.of("Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer a=b", "Bearer ==", "Bearerabc",
                "Bearer abc\n", "Bearer äbc")) {
            assertThatThrownBy(() -> BearerHeader.token(malformed)).as(malformed).isInstanceOf(OAuth2AuthenticationException.class)
                    .hasMessage("Bearer token is malformed");
        }
    }

    @Test
    void answersAsSpringsResolverOnRandomHeaders() {
        Random random = new Random(20);
        String alphabet = "aZ09-._~+/= \tb\u00e4!";
        List<String> headers = new ArrayList<>(List.of("Bearer", "bearer x", "BEARER x=", "Bearer x=y", "Bearerx", "Bearer\tx"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(random.nextBoolean() ? "Bearer " : random.nextBoolean() ? "bearer" : "");
            int length = random.nextInt(8);
            for (int c = 0; c < length; c++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            headers.add(header.toString());
        }
        for (String header : headers) {
            assertThat(outcome(() -> BearerHeader.token(header))).as(header).isEqualTo(outcome(() -> SPRING.resolve(request(header))));
        }
    }

    private static String outcome(java.util.function.Supplier<String> resolve) {
        try {
            return "token " + resolve.get();
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + " " + e.getMessage();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/graphql");
        request.addHeader("Authorization", authorization);
        return request;
    }
}
