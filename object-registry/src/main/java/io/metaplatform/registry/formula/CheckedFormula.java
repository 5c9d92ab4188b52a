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

    /** Every field reference of the formula, in tree order. */
    public List<Node.FieldRef> references() {
        List<Node.FieldRef> found = new java.util.ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(Node node, List<Node.FieldRef> found) {
        switch (node) {
            case Node.FieldRef ref -> found.add(ref);
            case Node.Constant constant -> { }
            case Node.Negate negate -> collect(negate.operand(), found);
            case Node.Not not -> collect(not.operand(), found);
            case Node.Arithmetic arithmetic -> {
                collect(arithmetic.left(), found);
                collect(arithmetic.right(), found);
            }
            case Node.Comparison comparison -> {
                collect(comparison.left(), found);
                collect(comparison.right(), found);
            }
            case Node.Logic logic -> {
                collect(logic.left(), found);
                collect(logic.right(), found);
            }
            case Node.Call call -> call.arguments().forEach(argument -> collect(argument, found));
        }
    }
}
