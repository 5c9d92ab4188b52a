package io.metaplatform.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of text (UTF-8): cache keys of credentials, stored hashes of secrets, change fingerprints. */
public final class Sha256 {

    // Looked up once and cloned per digest: the provider lookup of getInstance was half the cost of hashing a bearer
    // token on every request (issue 20).
    private static final MessageDigest PROTOTYPE = digest();

    private Sha256() {
    }

    public static byte[] of(String text) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            digest = digest();
        }
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The digest as 64 lower-case hex digits. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(of(text));
    }
}
