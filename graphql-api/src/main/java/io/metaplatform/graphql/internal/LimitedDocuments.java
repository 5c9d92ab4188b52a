package io.metaplatform.graphql.internal;

import graphql.ErrorClassification;
import graphql.ExecutionInput;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import graphql.parser.exceptions.ParseCancelledTooDeepException;
import graphql.parser.exceptions.ParseCancelledTooManyCharsException;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.metaplatform.core.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Admits a query document to execution, in this order: its length, its tokens (graphql-java's parser options), the
 * figures of its operations once fragments are expanded ({@link OperationCounter}), then graphql-java's validation.
 * The limits come before validation because validation walks fragments too. Documents that pass are cached, so a
 * repeated query is neither parsed nor measured again; the checks do not depend on variables, so a cached verdict holds
 * for every request. Every operation of a document is measured, whichever one the request names.
 * <p>
 * This provider parses and validates by itself instead of calling graphql-java's compute function, so the
 * {@code beginParse}/{@code beginValidation} instrumentation hooks do not fire.
 */
final class LimitedDocuments implements PreparsedDocumentProvider {

    /** Grammar nesting (fields, lists and objects in values); below graphql-java's 500, far above what the depth and filter limits admit. */
    private static final int MAX_RULE_DEPTH = 200;
    /** Plans of compiled reads per schema: the documents a frontend sends are few. */
    private static final int CACHED_PLANS = 500;
    private static final ErrorClassification LIMIT_EXCEEDED = ErrorClassification.errorClassification("LimitExceeded");

    private final GraphQLSchema schema;
    private final String key;
    private final DocumentCache cache;
    private final GraphQlLimits limits;
    private final long maxComplexity;
    private final FieldCosts costs;
    private final ParserOptions parserOptions;
    private final Map<String, Object> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHED_PLANS;
        }
    };

    /**
     * @param key distinguishes this schema's entries in a cache shared by several schemas
     * @param maxComplexity this endpoint's complexity limit
     */
    LimitedDocuments(GraphQLSchema schema, String key, DocumentCache cache, GraphQlLimits limits, long maxComplexity, FieldCosts costs) {
        this.schema = schema;
        this.key = key;
        this.cache = cache;
        this.limits = limits;
        this.maxComplexity = maxComplexity;
        this.costs = costs;
        this.parserOptions = ParserOptions.getDefaultOperationParserOptions().transform(options -> options
                .maxCharacters(limits.maxDocumentChars()).maxTokens(limits.maxTokens()).maxWhitespaceTokens(limits.maxDocumentChars())
                .maxRuleDepth(MAX_RULE_DEPTH));
    }

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        return CompletableFuture.completedFuture(admit(input));
    }

    private PreparsedDocumentEntry admit(ExecutionInput input) {
        return admit(input.getQuery(), input.getLocale());
    }

    /**
     * The compiled plan of an operation of an admitted document, computed once: kept here, beside the schema it was
     * compiled against, so plans go when their schema goes.
     */
    Object plan(String query, String operationName, java.util.function.Supplier<Object> compile) {
        String planKey = operationName == null ? query : operationName + "\n" + query;
        synchronized (plans) {
            Object plan = plans.get(planKey);
            if (plan != null) {
                return plan;
            }
        }
        Object plan = compile.get();
        synchronized (plans) {
            plans.put(planKey, plan);
        }
        return plan;
    }

    /** The admitted document of {@code query}, or the errors that refuse it; cached once admitted. */
    PreparsedDocumentEntry admit(String query, java.util.Locale locale) {
        if (query.length() > limits.maxDocumentChars()) {
            return new PreparsedDocumentEntry(limitExceeded("document-chars", limits.maxDocumentChars(),
                    "The document has " + query.length() + " characters; at most " + limits.maxDocumentChars() + " are allowed."));
        }
        String cacheKey = key + "\n" + query;
        PreparsedDocumentEntry cached = cache.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        Document document;
        try {
            document = Parser.parse(ParserEnvironment.newParserEnvironment().document(query).parserOptions(parserOptions)
                    .locale(locale).build());
        } catch (ParseCancelledTooManyCharsException e) {
            return new PreparsedDocumentEntry(limitExceeded("document-chars", limits.maxDocumentChars(),
                    "The document has more than " + limits.maxDocumentChars() + " characters."));
        } catch (ParseCancelledTooDeepException e) {
            return new PreparsedDocumentEntry(limitExceeded("document-nesting", MAX_RULE_DEPTH,
                    "The document nests too deeply to parse: at most " + MAX_RULE_DEPTH + " grammar rules deep."));
        } catch (ParseCancelledException e) {
            return new PreparsedDocumentEntry(limitExceeded("document-tokens", limits.maxTokens(),
                    "The document has more than " + limits.maxTokens() + " tokens (or " + limits.maxDocumentChars() + " whitespace tokens)."));
        } catch (InvalidSyntaxException e) {
            return new PreparsedDocumentEntry(e.toInvalidSyntaxError());
        }
        GraphQLError refusal = refusal(OperationCounter.measure(schema, costs, document));
        if (refusal != null) {
            return new PreparsedDocumentEntry(refusal);
        }
        List<ValidationError> errors = new Validator().validateDocument(schema, document, locale);
        if (!errors.isEmpty()) {
            return new PreparsedDocumentEntry(errors);
        }
        PreparsedDocumentEntry entry = new PreparsedDocumentEntry(document);
        cache.put(cacheKey, entry);
        return entry;
    }

    private GraphQLError refusal(List<OperationCounter.Figures> operations) {
        for (OperationCounter.Figures figures : operations) {
            String operation = figures.operation() == null ? "The operation" : "Operation " + figures.operation();
            if (figures.rootFields() > limits.maxRootFields()) {
                return limitExceeded("root-fields", limits.maxRootFields(), operation + " has " + figures.rootFields()
                        + " root fields once fragments are expanded; at most " + limits.maxRootFields() + " are allowed.");
            }
            if (figures.aliases() > limits.maxAliases()) {
                return limitExceeded("aliases", limits.maxAliases(), operation + " uses " + amount(figures.aliases())
                        + " aliases once fragments are expanded; at most " + limits.maxAliases() + " are allowed.");
            }
            if (figures.fields() > limits.maxExpandedFields()) {
                return limitExceeded("expanded-fields", limits.maxExpandedFields(), operation + " selects " + amount(figures.fields())
                        + " fields once fragments are expanded; at most " + limits.maxExpandedFields() + " are allowed.");
            }
            if (figures.depth() > limits.maxDepth()) {
                return limitExceeded("depth", limits.maxDepth(), operation + " nests fields " + figures.depth()
                        + " deep; at most " + limits.maxDepth() + " levels are allowed.");
            }
            if (figures.complexity() > maxComplexity) {
                return limitExceeded("complexity", maxComplexity, operation + " has a complexity of " + amount(figures.complexity())
                        + " (every field 1, what a list selects once per record it may return); at most " + maxComplexity + " is allowed.");
            }
        }
        return null;
    }

    private static String amount(long figure) {
        return figure >= OperationCounter.SATURATED ? "more than " + OperationCounter.SATURATED : Long.toString(figure);
    }

    /** A refusal with {@code extensions.code: LIMIT_EXCEEDED}, the limit's name and its maximum. */
    static GraphQLError limitExceeded(String limit, long maximum, String message) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("code", ErrorCode.LIMIT_EXCEEDED.name());
        extensions.put("limit", limit);
        extensions.put("maximum", maximum);
        return GraphqlErrorBuilder.newError().errorType(LIMIT_EXCEEDED).message(message).extensions(extensions).build();
    }

    /** A bounded least-recently-used cache of admitted documents, shared by the schemas of one endpoint. */
    static final class DocumentCache {

        private final Map<String, PreparsedDocumentEntry> entries;

        DocumentCache(int capacity) {
            this.entries = new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparsedDocumentEntry> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized PreparsedDocumentEntry get(String key) {
            return entries.get(key);
        }

        synchronized void put(String key, PreparsedDocumentEntry entry) {
            entries.put(key, entry);
        }
    }
}
