package io.metaplatform.plugins.api;

/**
 * The external system refuses the account although its credentials are valid: the account is not paid (HTTP 402),
 * the platform's IP address is blocked or the user lacks the rights (403). Renewing a token does not help, so the
 * platform stops the connection with status {@code ACCESS_REFUSED}, makes no further calls, and enables it again
 * when an admin's check passes. A {@link CredentialsException}, so code written for that keeps stopping.
 */
public class AccessRefusedException extends CredentialsException {

    public AccessRefusedException(String message) {
        super(message);
    }
}
