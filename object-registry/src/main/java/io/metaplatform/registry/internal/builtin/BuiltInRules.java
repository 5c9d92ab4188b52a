package io.metaplatform.registry.internal.builtin;

import io.metaplatform.registry.ApiName;
import io.metaplatform.registry.ValidationRule;
import java.util.List;

/** The validation rules the built-in packs declare, per object. */
public final class BuiltInRules {

    private BuiltInRules() {
    }

    public static List<ValidationRule> of(ApiName object) {
        return Packs.rules().stream().filter(rule -> rule.object().equals(object)).toList();
    }
}
