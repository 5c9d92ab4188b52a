package io.metaplatform.registry;

import io.metaplatform.registry.internal.builtin.Packs;
import java.util.List;

/** The built-in definition packs every tenant starts with. */
public final class BuiltInPacks {

    private BuiltInPacks() {
    }

    /** Every built-in object, in position order. */
    public static List<ObjectDefinition> objects() {
        return Packs.objects();
    }

    /** The packs and their versions, e.g. {@code crm:1,sales:1,work:1}; changes whenever a pack changes. */
    public static String version() {
        return Packs.version();
    }
}
