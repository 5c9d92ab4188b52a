package io.metaplatform.graphql.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.graphql.*}: what one GraphQL request may ask for, on {@code /graphql} and {@code /graphql/admin}.
 * Every figure is counted on the operation as it would execute, fragments expanded; a request over a limit is
 * refused before anything runs, with {@code LIMIT_EXCEEDED}. Unset values take the defaults below; zero or negative
 * values are refused at start-up.
 *
 * @param maxDocumentChars characters of the query document
 * @param maxTokens grammar tokens of the query document (names, punctuation, values)
 * @param maxDepth nesting of fields; introspection ({@code __schema}, {@code __type}) is bounded by graphql-java's
 *                 good-faith check instead
 * @param maxRootFields fields at the root of an operation
 * @param maxAliases aliased fields
 * @param maxExpandedFields fields in all
 * @param maxComplexity cost of a {@code /graphql} operation: every field costs 1, and what a connection or list field
 *                      selects counts once per record it may return (its {@code first}/{@code last}/{@code limit})
 * @param maxAdminComplexity the same for {@code /graphql/admin}, where {@code objects} counts as 50 objects and
 *                           {@code fields} as 30 fields
 * @param maxFilterTerms comparisons and list values in one {@code filter} argument
 * @param maxFilterDepth nesting of {@code and}/{@code or}/{@code not} and relation filters in one {@code filter} argument
 */
@ConfigurationProperties("platform.graphql")
public record GraphQlLimits(Integer maxDocumentChars, Integer maxTokens, Integer maxDepth, Integer maxRootFields, Integer maxAliases,
        Integer maxExpandedFields, Integer maxComplexity, Integer maxAdminComplexity, Integer maxFilterTerms, Integer maxFilterDepth) {

    /** The defaults, for wiring without Spring. */
    public static final GraphQlLimits DEFAULTS = new GraphQlLimits(null, null, null, null, null, null, null, null, null, null);

    public GraphQlLimits {
        maxDocumentChars = positive("max-document-chars", maxDocumentChars, 100_000);
        maxTokens = positive("max-tokens", maxTokens, 10_000);
        maxDepth = positive("max-depth", maxDepth, 12);
        maxRootFields = positive("max-root-fields", maxRootFields, 20);
        maxAliases = positive("max-aliases", maxAliases, 50);
        maxExpandedFields = positive("max-expanded-fields", maxExpandedFields, 2_000);
        maxComplexity = positive("max-complexity", maxComplexity, 100_000);
        maxAdminComplexity = positive("max-admin-complexity", maxAdminComplexity, 25_000);
        maxFilterTerms = positive("max-filter-terms", maxFilterTerms, 1_000);
        maxFilterDepth = positive("max-filter-depth", maxFilterDepth, 10);
    }

    private static int positive(String name, Integer value, int fallback) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("platform.graphql." + name + " must be at least 1, was " + value);
        }
        return value;
    }
}
