package io.metaplatform.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An admin-defined layout of an object: how frontends render its record form or a list view of its records. An
 * object has any number of layouts of each kind, one of them the default of its kind. Fields are named by API name
 * here; the registry stores them by field id, so renaming a field keeps its layouts. Checked against the object's
 * fields when saved ({@link LayoutService}); a field deleted afterwards is skipped and reported when the layout is read.
 *
 * @param object    API name of the object
 * @param name      unique per object and kind: letters, digits and {@code _}, starting with a letter
 * @param label     display name, or {@code null}
 * @param isDefault the layout frontends use when they pick none
 * @param spec      the form or list view itself
 */
public record Layout(String object, String name, String label, boolean isDefault, Spec spec) {

    public Layout {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spec, "spec");
    }

    public Kind kind() {
        return spec.kind();
    }

    public Layout withDefault(boolean value) {
        return new Layout(object, name, label, value, spec);
    }

    public Layout withSpec(Spec value) {
        return new Layout(object, name, label, isDefault, value);
    }

    public enum Kind {
        /** A record form: sections of fields. */
        FORM,
        /** A list view: columns, sort, saved filters, page size. */
        LIST
    }

    /** What a layout describes; one record per kind. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(RecordForm.class), @JsonSubTypes.Type(ListView.class)})
    public sealed interface Spec permits RecordForm, ListView {
        Kind kind();
    }

    /** A record form: its sections in display order. */
    @JsonTypeName("FORM")
    public record RecordForm(List<Section> sections) implements Spec {
        public RecordForm {
            sections = sections == null ? List.of() : List.copyOf(sections);
        }

        @Override
        public Kind kind() {
            return Kind.FORM;
        }
    }

    /**
     * A section of a form.
     *
     * @param columns how many columns its fields flow into (1 to {@value LayoutService#MAX_COLUMNS})
     */
    public record Section(String label, int columns, List<FormField> fields) {
        public Section {
            fields = fields == null ? List.of() : List.copyOf(fields);
        }
    }

    /**
     * A field placed in a form section.
     *
     * @param readOnly shown but not editable in this form (the field itself stays writable through the API)
     */
    public record FormField(String field, String helpText, boolean readOnly) {
        public FormField {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * A list view.
     *
     * @param sort     the default order, first key first
     * @param filters  named filters a user can pick, in the data API's filter shape ({@code {"stage": {"eq": "WON"}}})
     * @param pageSize records per page (1 to the data API's largest page)
     */
    @JsonTypeName("LIST")
    public record ListView(List<Column> columns, List<Sort> sort, List<SavedFilter> filters, int pageSize) implements Spec {
        public ListView {
            columns = columns == null ? List.of() : List.copyOf(columns);
            sort = sort == null ? List.of() : List.copyOf(sort);
            filters = filters == null ? List.of() : List.copyOf(filters);
        }

        @Override
        public Kind kind() {
            return Kind.LIST;
        }
    }

    /** A column of a list view; {@code width} in pixels or {@code null}. */
    public record Column(String field, String label, Integer width) {
        public Column {
            Objects.requireNonNull(field, "field");
        }
    }

    public record Sort(String field, boolean descending) {
        public Sort {
            Objects.requireNonNull(field, "field");
        }
    }

    /** A named filter of a list view; {@code filter} is a JSON object in the data API's filter shape. */
    public record SavedFilter(String name, String label, Map<String, Object> filter) {
        public SavedFilter {
            Objects.requireNonNull(name, "name");
            filter = filter == null ? Map.of() : filter;
        }
    }

    /**
     * A layout as frontends get it: fields that no longer exist (or that the caller may not read) left out, and each
     * deleted one reported.
     */
    public record Rendered(Layout layout, List<Problem> problems) {
        public Rendered {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Something of a saved layout that could not be rendered and was skipped.
     *
     * @param path  where in the layout ({@code sections[0].fields[2]})
     * @param field the field's API name when it was last seen
     * @param code  {@code FIELD_DELETED}
     */
    public record Problem(String path, String field, String code, String message) {
    }
}
