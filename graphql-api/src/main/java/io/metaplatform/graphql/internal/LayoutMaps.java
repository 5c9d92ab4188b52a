package io.metaplatform.graphql.internal;

import io.metaplatform.core.PlatformException;
import io.metaplatform.core.Violation;
import io.metaplatform.registry.Layout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layouts to the GraphQL shape both APIs serve, and the admin API's input to a {@link Layout}. */
final class LayoutMaps {

    private LayoutMaps() {
    }

    static Map<String, Object> rendered(Layout.Rendered rendered) {
        Layout layout = rendered.layout();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("object", layout.object());
        map.put("name", layout.name());
        map.put("label", layout.label());
        map.put("kind", layout.kind().name());
        map.put("isDefault", layout.isDefault());
        switch (layout.spec()) {
            case Layout.RecordForm form -> map.put("form", Map.of("sections", form.sections().stream().map(LayoutMaps::section).toList()));
            case Layout.ListView list -> map.put("list", list(list));
        }
        map.put("problems", rendered.problems().stream().map(problem -> Map.of("path", problem.path(), "field", problem.field(),
                "code", problem.code(), "message", problem.message())).toList());
        return map;
    }

    private static Map<String, Object> section(Layout.Section section) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("label", section.label());
        map.put("columns", section.columns());
        map.put("fields", section.fields().stream().map(field -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("field", field.field());
            entry.put("helpText", field.helpText());
            entry.put("readOnly", field.readOnly());
            return entry;
        }).toList());
        return map;
    }

    private static Map<String, Object> list(Layout.ListView list) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("columns", list.columns().stream().map(column -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("field", column.field());
            entry.put("label", column.label());
            entry.put("width", column.width());
            return entry;
        }).toList());
        map.put("sort", list.sort().stream().map(sort -> Map.of("field", sort.field(), "descending", sort.descending())).toList());
        map.put("filters", list.filters().stream().map(filter -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", filter.name());
            entry.put("label", filter.label());
            entry.put("filter", filter.filter());
            return entry;
        }).toList());
        map.put("pageSize", list.pageSize());
        return map;
    }

    /**
     * The layout a {@code LayoutInput} describes.
     *
     * @throws PlatformException {@code VALIDATION_FAILED} on {@code input.form} when neither or both of form and list are given
     */
    static Layout layout(String object, Map<String, Object> input) {
        Map<String, Object> form = map(input.get("form"));
        Map<String, Object> list = map(input.get("list"));
        if ((form == null) == (list == null)) {
            throw PlatformException.validation(List.of(new Violation("input.form", form == null ? "REQUIRED" : "ONLY_ONE",
                    "give exactly one of form and list")));
        }
        Layout.Spec spec = form != null ? new Layout.RecordForm(maps(form.get("sections")).stream().map(LayoutMaps::section).toList())
                : listView(list);
        return new Layout(object, (String) input.get("name"), (String) input.get("label"), Boolean.TRUE.equals(input.get("isDefault")), spec);
    }

    private static Layout.Section section(Map<String, Object> section) {
        return new Layout.Section((String) section.get("label"), intOr(section.get("columns"), 1), maps(section.get("fields")).stream()
                .map(field -> new Layout.FormField((String) field.get("field"), (String) field.get("helpText"),
                        Boolean.TRUE.equals(field.get("readOnly")))).toList());
    }

    private static Layout.ListView listView(Map<String, Object> list) {
        List<Map<String, Object>> filters = maps(list.get("filters"));
        List<Layout.SavedFilter> saved = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            Map<String, Object> filter = filters.get(i);
            saved.add(new Layout.SavedFilter((String) filter.get("name"), (String) filter.get("label"),
                    filterObject(filter.get("filter"), "input.list.filters[" + i + "].filter")));
        }
        return new Layout.ListView(
                maps(list.get("columns")).stream().map(column -> new Layout.Column((String) column.get("field"), (String) column.get("label"),
                        (Integer) column.get("width"))).toList(),
                maps(list.get("sort")).stream().map(sort -> new Layout.Sort((String) sort.get("field"), Boolean.TRUE.equals(sort.get("descending"))))
                        .toList(),
                saved, intOr(list.get("pageSize"), 25));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> filterObject(Object filter, String path) {
        if (filter instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw PlatformException.validation(List.of(new Violation(path, "INVALID_FILTER", "must be an object of field names and and/or/not")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : new ArrayList<>();
    }

    private static int intOr(Object value, int fallback) {
        return value instanceof Integer number ? number : fallback;
    }
}
