package io.metaplatform.registry.internal.builtin;

import io.metaplatform.registry.ObjectDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** All packs together. */
public final class Packs {

    private static final List<ObjectDefinition> OBJECTS = load();

    private Packs() {
    }

    public static List<ObjectDefinition> objects() {
        return OBJECTS;
    }

    public static String version() {
        return CrmPack.NAME + ":" + CrmPack.VERSION;
    }

    private static List<ObjectDefinition> load() {
        List<ObjectDefinition> all = new ArrayList<>(CrmPack.objects());
        all.sort(Comparator.comparingInt(ObjectDefinition::position));
        return List.copyOf(all);
    }
}
