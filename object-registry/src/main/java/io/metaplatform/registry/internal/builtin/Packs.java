package io.metaplatform.registry.internal.builtin;

import io.metaplatform.registry.ObjectDefinition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** All packs together. */
public final class Packs {

    private static final List<ObjectDefinition> OBJECTS = load();
    private static final List<io.metaplatform.registry.ValidationRule> RULES = List.copyOf(SalesFinancePack.rules());

    private Packs() {
    }

    public static List<ObjectDefinition> objects() {
        return OBJECTS;
    }

    /** The validation rules the packs declare. */
    public static List<io.metaplatform.registry.ValidationRule> rules() {
        return RULES;
    }

    public static String version() {
        return String.join(",", pack(CrmPack.NAME, CrmPack.VERSION), pack(SalesFinancePack.NAME, SalesFinancePack.VERSION),
                pack(WorkPack.NAME, WorkPack.VERSION));
    }

    private static String pack(String name, int version) {
        return name + ":" + version;
    }

    private static List<ObjectDefinition> load() {
        List<ObjectDefinition> all = new ArrayList<>(CrmPack.objects());
        all.addAll(SalesFinancePack.objects());
        all.addAll(WorkPack.objects());
        all.sort(Comparator.comparingInt(ObjectDefinition::position));
        return List.copyOf(all);
    }
}
