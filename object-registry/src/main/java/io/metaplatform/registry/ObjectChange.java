package io.metaplatform.registry;

/** A change to an object; {@code null} components stay. Built-in objects accept label and description changes only. */
public record ObjectChange(String apiName, String labelSingular, String labelPlural, String description) {
}
