package io.metaplatform.registry.packages;

import io.metaplatform.core.Caller;
import tools.jackson.databind.JsonNode;

/** What the package sections share when they read a package and make its changes. */
final class Sections {

    private Sections() {
    }

    /** Who a deploy's changes are logged for: the caller, or the deploy itself when none is bound. */
    static String actor() {
        return Caller.bound().map(Caller::subject).orElse("metadata-deploy");
    }

    /** The first line of an exception's message, for a problem of the plan (never a stack trace). */
    static String firstLine(RuntimeException e) {
        return e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
    }

    /** The text of {@code node}'s property, or null when it is missing or null. */
    static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }
}
