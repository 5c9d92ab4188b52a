package io.metaplatform.registry;

/** A custom object a tenant admin adds; its fields are added one by one afterwards. */
public record NewObject(String apiName, String labelSingular, String labelPlural, String description) {
}
