package io.metaplatform.plugins.api;

/**
 * A transient fault (network, timeout, server error, rate limit after the platform's retries):
 * the same call may succeed later. The run fails and the next scheduled run resumes from the last
 * checkpoint.
 */
public class RetriableException extends ConnectorException {

    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
