package io.metaplatform.plugins.lexware.internal;

import io.metaplatform.plugins.api.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Reads Lexware's validation errors (406) in each of the three body shapes it uses: the legacy
 * {@code IssueList} (contacts, vouchers), the regular one with {@code details}, and a bare
 * {@code message}.
 */
public final class LexwareErrors {

    private LexwareErrors() {
    }

    /**
     * The problems per field, in Lexware's order.
     *
     * @param fieldOf turns a Lexware path ({@code company.name}) into the record's field name
     */
    public static List<FieldProblem> problems(LexwareClient.Response response, UnaryOperator<String> fieldOf) {
        var body = response.object();
        var problems = new ArrayList<FieldProblem>();
        for (var issue : Values.list(body.get("IssueList"))) {
            var item = Values.object(issue);
            var key = Values.text(item.get("i18nKey"));
            var type = Values.text(item.get("type"));
            problems.add(new FieldProblem(fieldOf.apply(Values.text(item.get("source"))), code(key),
                    (type == null ? "invalid" : type) + (key == null ? "" : ": " + key)));
        }
        for (var detail : Values.list(body.get("details"))) {
            var item = Values.object(detail);
            var message = Values.text(item.get("message"));
            problems.add(new FieldProblem(fieldOf.apply(Values.text(item.get("field"))),
                    code(Values.text(item.get("violation"))), message == null ? "invalid" : message));
        }
        if (problems.isEmpty()) {
            var message = response.message();
            problems.add(new FieldProblem("record", "REJECTED",
                    message == null ? "Lexware rejected the record (" + response.status() + ")" : message));
        }
        return List.copyOf(problems);
    }

    private static String code(String value) {
        if (value == null || value.isBlank()) {
            return "INVALID";
        }
        return value.strip().replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }
}
