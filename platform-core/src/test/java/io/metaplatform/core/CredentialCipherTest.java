package io.metaplatform.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialCipherTest {

    private final String oldKey = CredentialCipher.newKey();
    private final String newKey = CredentialCipher.newKey();

    @Test
    void sealedValueHidesThePlaintextAndOpensInItsContext() {
        var cipher = CredentialCipher.parse("k1=" + oldKey);

        var sealed = cipher.seal("api-key-123", "tenant-a/connection-1");

        assertThat(sealed).startsWith("v1:k1:").doesNotContain("api-key-123");
        assertThat(cipher.seal("api-key-123", "tenant-a/connection-1")).isNotEqualTo(sealed);
        assertThat(cipher.open(sealed, "tenant-a/connection-1")).isEqualTo("api-key-123");
    }

    @Test
    void valueCopiedToAnotherContextOrTamperedWithDoesNotOpen() {
        var cipher = CredentialCipher.parse("k1=" + oldKey);
        var sealed = cipher.seal("api-key-123", "tenant-a/connection-1");

        assertThatThrownBy(() -> cipher.open(sealed, "tenant-b/connection-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("api-key-123");
        var tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> cipher.open(tampered, "tenant-a/connection-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotatedKeysStillOpenOldValuesAndSealWithTheNewKey() {
        var before = CredentialCipher.parse("k1=" + oldKey).seal("secret", "ctx");
        var rotated = CredentialCipher.parse("k2=" + newKey + ",k1=" + oldKey);

        assertThat(rotated.open(before, "ctx")).isEqualTo("secret");
        assertThat(CredentialCipher.keyIdOf(rotated.seal("secret", "ctx"))).isEqualTo("k2");
        assertThatThrownBy(() -> CredentialCipher.parse("k2=" + newKey).open(before, "ctx"))
                .hasMessageContaining("unknown key k1");
    }

    @Test
    void refusesKeysOfTheWrongSizeWithoutEchoingThem() {
        assertThatThrownBy(() -> CredentialCipher.parse("k1=c2hvcnQ="))
                .hasMessageContaining("must be 32 bytes").hasMessageNotContaining("c2hvcnQ=");
    }
}
