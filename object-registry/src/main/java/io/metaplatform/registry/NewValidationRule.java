package io.metaplatform.registry;

/** What an admin gives to create a validation rule, or to change one ({@code null} parts stay as they are). */
public record NewValidationRule(String name, String expression, String message, String field, Boolean active) {
}
