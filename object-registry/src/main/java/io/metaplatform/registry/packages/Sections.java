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

    /** The text of {@code node}'s property, or null when it is missing or null. */
    static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asString();
    }
}
