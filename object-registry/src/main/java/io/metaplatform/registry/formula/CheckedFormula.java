package io.metaplatform.registry.formula;

import io.metaplatform.registry.FieldId;
import java.util.List;
import java.util.Set;

/**
 * A formula that parsed and type-checked.
 *
 * @param root the typed tree both back ends work on
 * @param dependencies the field paths the formula reads, as written ({@code company.city}), sorted
 * @param fieldIds every field the formula reads directly, relations it goes through included: these cannot be deleted or
 *     change type while the formula exists
 */
public record CheckedFormula(Node root, List<String> dependencies, Set<FieldId> fieldIds) {

    public ValueKind kind() {
        return root.kind();
    }
}
