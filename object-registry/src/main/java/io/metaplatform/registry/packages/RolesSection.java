package io.metaplatform.registry.packages;

import io.metaplatform.core.Violations;
import io.metaplatform.registry.RecordPolicy;
import io.metaplatform.registry.RoleService;
import io.metaplatform.registry.TenantRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tenant roles with their grants and record rules, by name: custom roles whole, built-in roles only when the tenant
 * adjusted them ({@code tenant-admin} never: it cannot change). The claim mapping is not part of packages: it names the
 * groups of one identity provider, which differ between environments.
 */
@Component
final class RolesSection implements PackageSection {

    private final RoleService roles;
    private final JsonMapper json;

    RolesSection(RoleService roles, JsonMapper json) {
        this.roles = roles;
        this.json = json;
    }

    @Override
    public String name() {
        return "roles";
    }

    @Override
    public int order() {
        // after the objects and fields the grants name
        return 40;
    }

    @Override
    public ObjectNode retrieve(JsonNodeFactory nodes) {
        Set<String> adjusted = roles.adjustedBuiltInRoles();
        ObjectNode byName = nodes.objectNode();
        for (TenantRole role : roles.roles()) {
            if (role.name().equals(RoleService.TENANT_ADMIN) || role.builtIn() && !adjusted.contains(role.name())) {
                continue;
            }
            byName.set(role.name(), node(nodes, role));
        }
        return byName;
    }

    private ObjectNode node(JsonNodeFactory nodes, TenantRole role) {
        ObjectNode node = nodes.objectNode();
        if (role.builtIn()) {
            node.put("builtIn", true);
        }
        if (role.description() != null) {
            node.put("description", role.description());
        }
        ArrayNode grants = node.putArray("grants");
        role.grants().stream().sorted(java.util.Comparator.comparing(TenantRole.ObjectGrant::object)).forEach(grant -> {
            ObjectNode g = grants.addObject();
            g.put("object", grant.object());
            ArrayNode operations = g.putArray("operations");
            EnumSet.allOf(RecordPolicy.Operation.class).stream().filter(grant.operations()::contains).forEach(op -> operations.add(op.name()));
            g.put("fieldScope", grant.fieldScope().name());
            ObjectNode fields = g.putObject("fields");
            new TreeMap<>(grant.fields()).forEach(fields::put);
            if (grant.readRule() != null) {
                g.set("readRule", json.valueToTree(grant.readRule()));
            }
            if (grant.writeRule() != null) {
                g.set("writeRule", json.valueToTree(grant.writeRule()));
            }
        });
        return node;
    }

    @Override
    public List<DeployStep> steps(JsonNode section, String pointer, Violations problems) {
        Set<String> adjusted = roles.adjustedBuiltInRoles();
        Map<String, TenantRole> current = new LinkedHashMap<>();
        roles.roles().forEach(role -> current.put(role.name(), role));
        List<DeployStep> steps = new ArrayList<>();
        JsonNode wanted = section == null ? JsonNodeFactory.instance.objectNode() : section;
        for (Map.Entry<String, JsonNode> entry : wanted.properties()) {
            String name = entry.getKey();
            String at = pointer + "/" + name;
            TenantRole role;
            try {
                role = role(name, entry.getValue());
            } catch (RuntimeException e) {
                problems.add(at, "INVALID_ROLE", Sections.firstLine(e));
                continue;
            }
            TenantRole before = current.get(name);
            boolean same = before != null && (!before.builtIn() || adjusted.contains(name))
                    && node(JsonNodeFactory.instance, before).equals(node(JsonNodeFactory.instance, role));
            if (!same) {
                steps.add(new DeployStep(before == null ? DeployStep.Action.CREATE : DeployStep.Action.UPDATE, "ROLE", name, at, false, null,
                        (before == null ? "create role " : "change role ") + name, () -> roles.saveRole(role, Sections.actor())));
            }
        }
        current.values().forEach(role -> {
            boolean removable = !role.builtIn() || adjusted.contains(role.name()) && !role.name().equals(RoleService.TENANT_ADMIN);
            if (removable && !wanted.has(role.name())) {
                steps.add(new DeployStep(DeployStep.Action.DELETE, "ROLE", role.name(), pointer + "/" + role.name(), false, null,
                        role.builtIn() ? "restore built-in role " + role.name() : "delete role " + role.name(),
                        () -> roles.deleteRole(role.name(), Sections.actor())));
            }
        });
        return steps;
    }

    @SuppressWarnings("unchecked")
    private TenantRole role(String name, JsonNode node) {
        List<TenantRole.ObjectGrant> grants = new ArrayList<>();
        for (JsonNode grant : node.path("grants")) {
            Set<RecordPolicy.Operation> operations = EnumSet.noneOf(RecordPolicy.Operation.class);
            grant.path("operations").forEach(op -> operations.add(RecordPolicy.Operation.valueOf(op.asString())));
            Map<String, Boolean> fields = new TreeMap<>();
            grant.path("fields").properties().forEach(field -> fields.put(field.getKey(), field.getValue().asBoolean()));
            grants.add(new TenantRole.ObjectGrant(grant.path("object").asString(), operations,
                    TenantRole.FieldScope.valueOf(grant.path("fieldScope").asString("LISTED")), fields,
                    grant.hasNonNull("readRule") ? json.treeToValue(grant.get("readRule"), Map.class) : null,
                    grant.hasNonNull("writeRule") ? json.treeToValue(grant.get("writeRule"), Map.class) : null));
        }
        return new TenantRole(name, node.hasNonNull("description") ? node.get("description").asString() : null,
                node.path("builtIn").asBoolean(false), grants);
    }
}
