package io.metaplatform.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts credentials at rest with AES-256-GCM. Every sealed value names the key that sealed it
 * ({@code v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>}), so keys rotate: new values are sealed with
 * the active key while values sealed with older keys still open until they are re-sealed.
 *
 * <p>The associated data binds a ciphertext to where it belongs (for example tenant and
 * connection), so a sealed secret copied into another tenant's row does not open. Thread-safe.
 */
public final class CredentialCipher {

    private static final String VERSION = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String activeKeyId;
    private final Map<String, SecretKeySpec> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param keys key id to 32-byte key, the first entry is the active key used to seal
     */
    public CredentialCipher(SequencedMap<String, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one credential key is needed");
        }
        var copy = new LinkedHashMap<String, SecretKeySpec>();
        keys.forEach((id, key) -> {
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("credential key id must be 1-32 letters, digits, '-' or '_'");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("credential key " + id + " must be 32 bytes (AES-256), is " + key.length);
            }
            copy.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        this.activeKeyId = keys.firstEntry().getKey();
        this.keys = Map.copyOf(copy);
    }

    /**
     * Parses {@code id=base64key[,id=base64key…]}, the first being the active key.
     *
     * @throws IllegalArgumentException naming the offending entry (never the key material)
     */
    public static CredentialCipher parse(String spec) {
        var keys = new LinkedHashMap<String, byte[]>();
        for (String entry : spec.split(",")) {
            var parts = entry.strip().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new IllegalArgumentException("credential keys must look like id=base64key[,id=base64key]");
            }
            try {
                keys.put(parts[0].strip(), Base64.getDecoder().decode(parts[1].strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("credential key " + parts[0].strip() + " is not valid base64");
            }
        }
        return new CredentialCipher(keys);
    }

    /** A fresh random 32-byte key, base64-encoded, for {@link #parse}. */
    public static String newKey() {
        var key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The id of the key new values are sealed with. */
    public String activeKeyId() {
        return activeKeyId;
    }

    /** Seals a plaintext with the active key, bound to {@code context}. */
    public String seal(String plaintext, String context) {
        Objects.requireNonNull(plaintext, "plaintext");
        var iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            var cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), iv, context);
            var sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            var out = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return VERSION + ":" + activeKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * Opens a value sealed by {@link #seal} with the same context.
     *
     * @throws IllegalArgumentException when the value is malformed, its key is unknown, or it was
     *         sealed for another context or tampered with (the message names no secret)
     */
    public String open(String sealed, String context) {
        var parts = sealed.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a sealed credential");
        }
        var key = keys.get(parts[1]);
        if (key == null) {
            throw new IllegalArgumentException("credential sealed with unknown key " + parts[1]);
        }
        try {
            var bytes = Base64.getDecoder().decode(parts[2]);
            var cipher = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(bytes, IV_BYTES), context);
            return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("credential does not open with key " + parts[1] + " in this context");
        }
    }

    /** The key id a sealed value names, to find values still sealed with a retired key. */
    public static String keyIdOf(String sealed) {
        var parts = sealed.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a sealed credential");
        }
        return parts[1];
    }

    private static Cipher cipher(int mode, SecretKeySpec key, byte[] iv, String context) throws GeneralSecurityException {
        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "CredentialCipher[active=" + activeKeyId + ", keys=" + keys.keySet().stream().sorted().toList() + "]";
    }
}
