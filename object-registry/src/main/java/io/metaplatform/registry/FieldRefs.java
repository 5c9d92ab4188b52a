package io.metaplatform.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one walk over every field reference of a layout: API names to field ids when saved, and back when read. */
final class FieldRefs {

    /** Maps one reference found at {@code path}; {@code null} drops the part of the layout that holds it. */
    @FunctionalInterface
    interface Mapper {
        String map(String ref, String path);
    }

    private FieldRefs() {
    }

    static Layout.Spec map(Layout.Spec spec, Mapper mapper) {
        return switch (spec) {
            case Layout.RecordForm form -> new Layout.RecordForm(sections(form.sections(), mapper));
            case Layout.ListView list -> new Layout.ListView(columns(list.columns(), mapper), sort(list.sort(), mapper),
                    filters(list.filters(), mapper), list.pageSize());
        };
    }

    private static List<Layout.Section> sections(List<Layout.Section> sections, Mapper mapper) {
        List<Layout.Section> mapped = new ArrayList<>();
        for (int s = 0; s < sections.size(); s++) {
            Layout.Section section = sections.get(s);
            List<Layout.FormField> fields = new ArrayList<>();
            for (int f = 0; f < section.fields().size(); f++) {
                Layout.FormField field = section.fields().get(f);
                String ref = mapper.map(field.field(), "sections[" + s + "].fields[" + f + "]");
                if (ref != null) {
                    fields.add(new Layout.FormField(ref, field.helpText(), field.readOnly()));
                }
            }
            mapped.add(new Layout.Section(section.label(), section.columns(), fields));
        }
        return mapped;
    }

    private static List<Layout.Column> columns(List<Layout.Column> columns, Mapper mapper) {
        List<Layout.Column> mapped = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            Layout.Column column = columns.get(c);
            String ref = mapper.map(column.field(), "columns[" + c + "]");
            if (ref != null) {
                mapped.add(new Layout.Column(ref, column.label(), column.width()));
            }
        }
        return mapped;
    }

    private static List<Layout.Sort> sort(List<Layout.Sort> sort, Mapper mapper) {
        List<Layout.Sort> mapped = new ArrayList<>();
        for (int s = 0; s < sort.size(); s++) {
            String ref = mapper.map(sort.get(s).field(), "sort[" + s + "]");
            if (ref != null) {
                mapped.add(new Layout.Sort(ref, sort.get(s).descending()));
            }
        }
        return mapped;
    }

    // A filter that loses a field would select other records than its author meant: it is dropped whole.
    private static List<Layout.SavedFilter> filters(List<Layout.SavedFilter> filters, Mapper mapper) {
        List<Layout.SavedFilter> mapped = new ArrayList<>();
        for (int f = 0; f < filters.size(); f++) {
            Layout.SavedFilter filter = filters.get(f);
            Object condition = filter(filter.filter(), mapper, "filters[" + f + "]");
            if (condition instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                mapped.add(new Layout.SavedFilter(filter.name(), filter.label(), typed));
            }
        }
        return mapped;
    }

    /** The filter with its field names mapped, or {@code null} when any of them maps to nothing; {@code path} names the saved filter. */
    private static Object filter(Object filter, Mapper mapper, String path) {
        if (!(filter instanceof Map<?, ?> map)) {
            return filter;
        }
        Map<String, Object> mapped = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            switch (key) {
                case "and", "or" -> {
                    if (!(entry.getValue() instanceof List<?> parts)) {
                        mapped.put(key, entry.getValue());
                        continue;
                    }
                    List<Object> mappedParts = new ArrayList<>();
                    for (Object value : parts) {
                        Object part = filter(value, mapper, path);
                        if (part == null) {
                            return null;
                        }
                        mappedParts.add(part);
                    }
                    mapped.put(key, mappedParts);
                }
                case "not" -> {
                    Object part = filter(entry.getValue(), mapper, path);
                    if (part == null) {
                        return null;
                    }
                    mapped.put(key, part);
                }
                default -> {
                    String ref = mapper.map(key, path);
                    if (ref == null) {
                        return null;
                    }
                    mapped.put(ref, entry.getValue());
                }
            }
        }
        return mapped;
    }
}
