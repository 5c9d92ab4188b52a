package io.metaplatform.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.metaplatform.core.Role;
import io.metaplatform.core.TenantId;
import io.metaplatform.core.testing.TestPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every GraphQL example of docs/graphql-api.md runs as written against a fresh tenant, in the page's order:
 * blocks under "The metadata API" on /graphql/admin, the others on /graphql. {@code "…"} stands for the id
 * of the record (or deleted field) the example works on, as the page says; nothing else is changed.
 */
class DocumentedExamplesTest extends ConnectorApiTestSupport {

    private static final Path PAGE = Path.of("..", "docs", "graphql-api.md");
    private static final Pattern BLOCK = Pattern.compile("^(#+ [^\\n]*)$|^```graphql\\n(.*?)^```$", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern BY_ID = Pattern.compile("(\\w+)\\(id: \"…\"");
    private static final Pattern LINKED = Pattern.compile("linked(\\w+?)s?: (?:\\{ containsAny: )?\\[\"…\"]");
    private static final Pattern CREATED = Pattern.compile("create([A-Z]\\w*?)\\(");

    private final Map<String, String> lastIds = new HashMap<>();

    @Test
    void everyExampleOfTheGraphQlPageRunsAsWritten() throws IOException {
        TenantId tenant = createTenant("Docs");
        String admin = TestPlatform.token(tenant, Role.TENANT_ADMIN);
        List<String> ran = new ArrayList<>();
        String heading = "";
        Matcher blocks = BLOCK.matcher(Files.readString(PAGE));
        while (blocks.find()) {
            if (blocks.group(1) != null) {
                heading = blocks.group(1);
                continue;
            }
            String path = heading.contains("metadata API") ? "/graphql/admin" : "/graphql";
            for (String operation : operations(blocks.group(2))) {
                String runnable = substitute(operation, path, admin);
                JsonNode answer = post(path, admin, runnable, Map.of());
                assertThat(answer.path("errors").isMissingNode()).as("%s on %s answered %s", runnable, path, answer.path("errors")).isTrue();
                remember(operation, answer.path("data"));
                ran.add(operation);
            }
        }
        assertThat(ran).as("the page's examples were found").hasSizeGreaterThan(15);
    }

    /** Splits a block into operations: each starts at a line beginning with "{" or "mutation"; "#" lines are comments. */
    private static List<String> operations(String block) {
        List<String> operations = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if ((line.startsWith("{") || line.startsWith("mutation")) && !current.isEmpty()) {
                operations.add(current.toString());
                current.setLength(0);
            }
            current.append(line).append('\n');
        }
        if (!current.isEmpty()) {
            operations.add(current.toString());
        }
        return operations;
    }

    private String substitute(String operation, String path, String admin) {
        String result = operation;
        if (result.contains("fieldId: \"…\"")) {
            Matcher object = Pattern.compile("object: \"(\\w+)\"").matcher(result);
            assertThat(object.find()).isTrue();
            JsonNode deleted = data(admin, "{ object(apiName: \"" + object.group(1) + "\") { deletedFields { id } } }");
            result = result.replace("fieldId: \"…\"", "fieldId: \"" + deleted.path("object").path("deletedFields").get(0).path("id").asString() + "\"");
        }
        Matcher byId = BY_ID.matcher(result);
        while (byId.find()) {
            result = result.replace(byId.group(0), byId.group(1) + "(id: \"" + idOf(objectOf(byId.group(1))) + "\"");
            byId = BY_ID.matcher(result);
        }
        Matcher linked = LINKED.matcher(result);
        while (linked.find()) {
            result = result.replace(linked.group(0), linked.group(0).replace("\"…\"", "\"" + idOf(decapitalize(linked.group(1))) + "\""));
            linked = LINKED.matcher(result);
        }
        assertThat(result).as("every placeholder of %s was resolved", operation).doesNotContain("…");
        return result;
    }

    private void remember(String operation, JsonNode data) {
        Matcher created = CREATED.matcher(operation);
        if (created.find() && data.path("create" + created.group(1)).has("id")) {
            lastIds.put(decapitalize(created.group(1)), data.path("create" + created.group(1)).path("id").asString());
        }
    }

    private String idOf(String object) {
        assertThat(lastIds).as("an example before creates a %s", object).containsKey(object);
        return lastIds.get(object);
    }

    private static String objectOf(String operation) {
        for (String verb : List.of("update", "delete", "restore", "destroy")) {
            if (operation.startsWith(verb) && operation.length() > verb.length() && Character.isUpperCase(operation.charAt(verb.length()))) {
                return decapitalize(operation.substring(verb.length()));
            }
        }
        return operation;
    }

    private static String decapitalize(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
