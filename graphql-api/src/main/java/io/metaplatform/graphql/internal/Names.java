package io.metaplatform.graphql.internal;

import io.metaplatform.registry.ObjectDefinition;

/** The naming conventions of the generated API (see docs/graphql-api.md). */
final class Names {

    private Names() {
    }

    static String type(ObjectDefinition object) {
        return object.apiName().typeName();
    }

    /** {@code invoiceLine} → {@code invoiceLines}, {@code company} → {@code companies}. */
    static String plural(ObjectDefinition object) {
        String name = object.apiName().value();
        if (name.endsWith("y") && name.length() > 1 && "aeiou".indexOf(name.charAt(name.length() - 2)) < 0) {
            return name.substring(0, name.length() - 1) + "ies";
        }
        if (name.endsWith("s") || name.endsWith("x") || name.endsWith("ch") || name.endsWith("sh")) {
            return name + "es";
        }
        return name + "s";
    }

    static String pluralType(ObjectDefinition object) {
        String plural = plural(object);
        return Character.toUpperCase(plural.charAt(0)) + plural.substring(1);
    }
}
