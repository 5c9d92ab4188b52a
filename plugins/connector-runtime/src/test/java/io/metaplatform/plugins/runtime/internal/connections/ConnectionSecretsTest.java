package io.metaplatform.plugins.runtime.internal.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.metaplatform.core.CredentialCipher;
import io.metaplatform.core.TenantId;
import io.metaplatform.plugins.api.CredentialsException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Secrets across a key rotation, and masking of secret values in texts. */
class ConnectionSecretsTest {

    private static final String OLD_KEY = CredentialCipher.newKey();
    private static final String NEW_KEY = CredentialCipher.newKey();
    private final TenantId tenant = TenantId.random();
    private final UUID connection = UUID.randomUUID();

    @Test
    void secretsSealedWithARetiredKeyStillOpenAndAreResealedWithTheActiveOne() {
        var before = new ConnectionSecrets(CredentialCipher.parse("old=" + OLD_KEY));
        var rotated = new ConnectionSecrets(CredentialCipher.parse("new=" + NEW_KEY + ",old=" + OLD_KEY));
        Map<String, String> sealed = before.seal(tenant, connection, Map.of("apiKey", "k-123456"));

        Map<String, String> resealed = rotated.resealed(tenant, connection, sealed).orElseThrow();

        assertThat(rotated.open(tenant, connection, sealed)).containsExactly(Map.entry("apiKey", "k-123456"));
        assertThat(CredentialCipher.keyIdOf(resealed.get("apiKey"))).isEqualTo("new");
        assertThat(rotated.open(tenant, connection, resealed)).containsExactly(Map.entry("apiKey", "k-123456"));
        assertThat(rotated.resealed(tenant, connection, resealed)).isEmpty();
    }

    @Test
    void aSecretWhoseKeyWasRemovedIsACredentialsProblemThatNamesTheProperty() {
        Map<String, String> sealed = new ConnectionSecrets(CredentialCipher.parse("old=" + OLD_KEY)).seal(tenant, connection, Map.of("apiKey", "k-123456"));
        var withoutOldKey = new ConnectionSecrets(CredentialCipher.parse("new=" + NEW_KEY));

        assertThatThrownBy(() -> withoutOldKey.open(tenant, connection, sealed))
                .isInstanceOf(CredentialsException.class).hasMessageContaining("apiKey").hasMessageNotContaining("k-123456");
    }

    @Test
    void masksEverySecretValueLongestFirstButNotTinyOnes() {
        String masked = ConnectionSecrets.mask("key abcd-1234-xyz (prefix abcd-1234) and a", List.of("abcd-1234", "abcd-1234-xyz", "a"));

        assertThat(masked).isEqualTo("key **** (prefix ****) and a");
    }
}
