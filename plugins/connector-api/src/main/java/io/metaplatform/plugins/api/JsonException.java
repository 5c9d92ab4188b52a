package io.metaplatform.plugins.api;

/**
 * JSON that could not be read: text that is not JSON ({@link #offset()} says where), or a value of a
 * shape a lenient accessor of {@link JsonValue} cannot turn into what was asked for. A
 * {@link ConnectorException}, so a connector that lets it escape ends the call with its message;
 * connectors usually catch it per item and {@link RecordSink#reject reject} the item instead.
 */
public final class JsonException extends ConnectorException {

    private final int offset;

    public JsonException(String message) {
        this(message, -1);
    }

    /**
     * @param offset the character offset in the parsed text where the problem was found, or -1
     */
    public JsonException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    /** The character offset in the parsed text where the problem was found, or -1 when it is not about text. */
    public int offset() {
        return offset;
    }
}
