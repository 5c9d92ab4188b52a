package io.metaplatform.plugins.api;

/**
 * The run was cancelled ({@link ConnectorContext#throwIfCancelled()}); what was checkpointed
 * stays committed. Connectors let it propagate.
 */
public class CancelledException extends ConnectorException {

    public CancelledException() {
        super("cancelled");
    }
}
