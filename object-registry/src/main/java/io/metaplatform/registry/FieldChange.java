package io.metaplatform.registry;

/**
 * A change to a field; {@code null} components stay as they are.
 *
 * @param apiName a new API name (custom fields only); stored values are untouched
 * @param type a new type: the same kind with changed settings (select options, lengths) or a safe
 *     conversion (text to email/phone/url after checking stored values, integer to decimal, select to
 *     multi-select, anything to text)
 */
public record FieldChange(String apiName, String label, String description, Integer position, FieldType type, Constraints constraints) {
}
