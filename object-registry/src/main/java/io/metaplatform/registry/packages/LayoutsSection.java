package io.metaplatform.registry.packages;

import io.metaplatform.core.TenantContext;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.Violations;
import io.metaplatform.registry.Layout;
import io.metaplatform.registry.LayoutService;
import io.metaplatform.registry.MetadataService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Layouts (record forms and list views) by object, kind and name, fields by API name. Deployed as a whole: the package's
 * layouts become the tenant's only ones ({@link LayoutService#replaceLayouts}), one step per layout that changes.
 */
@Component
final class LayoutsSection implements PackageSection {

    private final LayoutService layouts;
    private final MetadataService metadata;
    private final JsonMapper json;

    LayoutsSection(LayoutService layouts, MetadataService metadata, JsonMapper json) {
        this.layouts = layouts;
        this.metadata = metadata;
        this.json = json;
    }

    @Override
    public String name() {
        return "layouts";
    }

    @Override
    public int order() {
        // after the objects and fields the layouts name
        return 30;
    }

    @Override
    public ObjectNode retrieve(JsonNodeFactory nodes) {
        ObjectNode byObject = nodes.objectNode();
        for (Layout layout : layouts.layoutsOf(TenantContext.require())) {
            ObjectNode byKind = byObject.has(layout.object()) ? (ObjectNode) byObject.get(layout.object()) : byObject.putObject(layout.object());
            ObjectNode byName = byKind.has(layout.kind().name()) ? (ObjectNode) byKind.get(layout.kind().name())
                    : byKind.putObject(layout.kind().name());
            ObjectNode node = byName.putObject(layout.name());
            if (layout.label() != null) {
                node.put("label", layout.label());
            }
            node.put("isDefault", layout.isDefault());
            node.set("spec", json.valueToTree(layout.spec()));
        }
        return byObject;
    }

    @Override
    public List<DeployStep> steps(JsonNode section, String pointer, Violations problems) {
        TenantId tenant = TenantContext.require();
        Map<String, Layout> current = new LinkedHashMap<>();
        layouts.layoutsOf(tenant).forEach(layout -> current.put(key(layout.object(), layout.kind().name(), layout.name()), layout));
        Map<String, String> pointers = new LinkedHashMap<>();
        Map<String, Layout> wanted = wanted(section, pointer, pointers, problems);
        List<Layout> desired = List.copyOf(wanted.values());
        Runnable replace = () -> layouts.replaceLayouts(tenant, metadata.schema(), desired, metadata.versionForChange(tenant), Sections.actor());
        List<DeployStep> steps = new ArrayList<>();
        wanted.forEach((key, layout) -> {
            Layout before = current.get(key);
            if (before == null || !sameIgnoringDefault(before, layout)) {
                steps.add(new DeployStep(before == null ? DeployStep.Action.CREATE : DeployStep.Action.UPDATE, "LAYOUT", key, pointers.get(key), false,
                        null, (before == null ? "create " : "change ") + layout.kind() + " layout " + key, replace));
            }
        });
        current.forEach((key, layout) -> {
            if (!wanted.containsKey(key)) {
                steps.add(new DeployStep(DeployStep.Action.DELETE, "LAYOUT", key, pointer + "/" + key, false, null,
                        "delete " + layout.kind() + " layout " + key, replace));
            }
        });
        return steps;
    }

    /** The package's layouts by key, each one's pointer into {@code pointers}; unreadable ones go to {@code problems}. */
    private Map<String, Layout> wanted(JsonNode section, String pointer, Map<String, String> pointers, Violations problems) {
        Map<String, Layout> wanted = new LinkedHashMap<>();
        if (section == null) {
            return wanted;
        }
        section.properties().forEach(byObject -> byObject.getValue().properties().forEach(byKind -> byKind.getValue().properties()
                .forEach(named -> {
                    String key = key(byObject.getKey(), byKind.getKey(), named.getKey());
                    String at = pointer + "/" + key;
                    try {
                        Layout.Spec spec = json.treeToValue(named.getValue().get("spec"), Layout.Spec.class);
                        if (!spec.kind().name().equals(byKind.getKey())) {
                            problems.add(at + "/spec/kind", "KIND_MISMATCH", "is " + spec.kind() + " under " + byKind.getKey());
                            return;
                        }
                        wanted.put(key, new Layout(byObject.getKey(), named.getKey(), Sections.text(named.getValue(), "label"),
                                named.getValue().path("isDefault").asBoolean(false), spec));
                        pointers.put(key, at);
                    } catch (RuntimeException e) {
                        problems.add(at + "/spec", "INVALID_LAYOUT", Sections.firstLine(e));
                    }
                })));
        return wanted;
    }

    // The default flag is settled by replaceLayouts (the first by name when none is): compare it only when given.
    private static boolean sameIgnoringDefault(Layout current, Layout wanted) {
        return Objects.equals(current.label(), wanted.label()) && current.spec().equals(wanted.spec())
                && (current.isDefault() || !wanted.isDefault());
    }

    private static String key(String object, String kind, String name) {
        return object + "/" + kind + "/" + name;
    }
}
