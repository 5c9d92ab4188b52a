package io.metaplatform.registry.formula;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser of the formula language. Precedence, lowest first: {@code OR ||}; {@code AND &&};
 * {@code NOT !}; comparisons {@code = == != <> < <= > >=}; {@code &} (text concatenation); {@code + -}; {@code * /};
 * unary minus. Keywords and function names are case-insensitive; field names are not.
 */
public final class Parser {

    /** Longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 4_000;
    private static final int MAX_DEPTH = 64;
    private static final Set<String> COMPARISONS = Set.of("=", "==", "!=", "<>", "<", "<=", ">", ">=");

    private final String source;
    private int index;
    private int depth;

    private Parser(String source) {
        this.source = source;
    }

    /** The tree of {@code source}; {@link FormulaException} with {@code SYNTAX_ERROR} at the first problem. */
    public static Expr parse(String source) {
        if (source == null || source.isBlank()) {
            throw error(1, "SYNTAX_ERROR", "the expression is empty");
        }
        if (source.length() > MAX_LENGTH) {
            throw error(1, "SYNTAX_ERROR", "the expression is longer than " + MAX_LENGTH + " characters");
        }
        Parser parser = new Parser(source);
        Expr expr = parser.or();
        parser.skipSpace();
        if (parser.index < source.length()) {
            throw error(parser.index + 1, "SYNTAX_ERROR", "unexpected '" + parser.rest() + "'");
        }
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (true) {
            int at = position();
            if (keyword("OR") || symbol("||")) {
                left = new Expr.Binary("OR", left, and(), at);
            } else {
                return left;
            }
        }
    }

    private Expr and() {
        Expr left = not();
        while (true) {
            int at = position();
            if (keyword("AND") || symbol("&&")) {
                left = new Expr.Binary("AND", left, not(), at);
            } else {
                return left;
            }
        }
    }

    private Expr not() {
        int at = position();
        if (keyword("NOT") || (peekSymbol("!") && !peekSymbol("!=") && symbol("!"))) {
            enter(at);
            Expr operand = not();
            depth--;
            return new Expr.Unary("NOT", operand, at);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = concat();
        int at = position();
        for (String operator : List.of("==", "!=", "<>", "<=", ">=", "=", "<", ">")) {
            if (symbol(operator)) {
                String normal = switch (operator) {
                    case "==" -> "=";
                    case "<>" -> "!=";
                    default -> operator;
                };
                Expr right = concat();
                skipSpace();
                for (String next : COMPARISONS) {
                    if (source.startsWith(next, index)) {
                        throw error(index + 1, "SYNTAX_ERROR", "comparisons do not chain; use AND");
                    }
                }
                return new Expr.Binary(normal, left, right, at);
            }
        }
        return left;
    }

    private Expr concat() {
        Expr left = additive();
        while (true) {
            int at = position();
            if (peekSymbol("&") && !peekSymbol("&&") && symbol("&")) {
                left = new Expr.Binary("&", left, additive(), at);
            } else {
                return left;
            }
        }
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (true) {
            int at = position();
            if (symbol("+")) {
                left = new Expr.Binary("+", left, multiplicative(), at);
            } else if (symbol("-")) {
                left = new Expr.Binary("-", left, multiplicative(), at);
            } else {
                return left;
            }
        }
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            int at = position();
            if (symbol("*")) {
                left = new Expr.Binary("*", left, unary(), at);
            } else if (symbol("/")) {
                left = new Expr.Binary("/", left, unary(), at);
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        int at = position();
        if (symbol("-")) {
            enter(at);
            Expr operand = unary();
            depth--;
            return new Expr.Unary("-", operand, at);
        }
        if (symbol("+")) {
            return unary();
        }
        return primary();
    }

    private Expr primary() {
        skipSpace();
        int at = index + 1;
        if (index >= source.length()) {
            throw error(at, "SYNTAX_ERROR", "the expression ends too early");
        }
        char c = source.charAt(index);
        if (c == '(') {
            index++;
            enter(at);
            Expr inner = or();
            depth--;
            expect(")");
            return inner;
        }
        if (c == '\'' || c == '"') {
            return new Expr.Literal(string(c), at);
        }
        if (Character.isDigit(c) || (c == '.' && index + 1 < source.length() && Character.isDigit(source.charAt(index + 1)))) {
            return new Expr.Literal(number(), at);
        }
        if (Character.isLetter(c) || c == '_') {
            String name = identifier();
            String upper = name.toUpperCase(Locale.ROOT);
            skipSpace();
            if (index < source.length() && source.charAt(index) == '(') {
                index++;
                enter(at);
                List<Expr> arguments = new ArrayList<>();
                if (!symbol(")")) {
                    do {
                        arguments.add(or());
                    } while (symbol(","));
                    expect(")");
                }
                depth--;
                return new Expr.Call(upper, arguments, at);
            }
            switch (upper) {
                case "TRUE" -> {
                    return new Expr.Literal(Boolean.TRUE, at);
                }
                case "FALSE" -> {
                    return new Expr.Literal(Boolean.FALSE, at);
                }
                case "NULL" -> {
                    return new Expr.Literal(null, at);
                }
                default -> {
                }
            }
            List<String> names = new ArrayList<>(List.of(name));
            while (index < source.length() && source.charAt(index) == '.') {
                index++;
                if (index >= source.length() || !(Character.isLetter(source.charAt(index)) || source.charAt(index) == '_')) {
                    throw error(index + 1, "SYNTAX_ERROR", "a field name must follow '.'");
                }
                names.add(identifier());
            }
            return new Expr.Path(names, at);
        }
        throw error(at, "SYNTAX_ERROR", "unexpected '" + rest() + "'");
    }

    private String identifier() {
        int start = index;
        while (index < source.length() && (Character.isLetterOrDigit(source.charAt(index)) || source.charAt(index) == '_')) {
            index++;
        }
        return source.substring(start, index);
    }

    private BigDecimal number() {
        int start = index;
        while (index < source.length() && (Character.isDigit(source.charAt(index)) || source.charAt(index) == '.')) {
            index++;
        }
        String text = source.substring(start, index);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw error(start + 1, "SYNTAX_ERROR", "'" + text + "' is not a number");
        }
    }

    private String string(char quote) {
        int start = index;
        index++;
        StringBuilder text = new StringBuilder();
        while (index < source.length()) {
            char c = source.charAt(index++);
            if (c == quote) {
                return text.toString();
            }
            if (c == '\\' && index < source.length()) {
                char escaped = source.charAt(index++);
                text.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else if (c == 0) {
                throw error(index, "SYNTAX_ERROR", "text must not contain the NUL character");
            } else {
                text.append(c);
            }
        }
        throw error(start + 1, "SYNTAX_ERROR", "the text starting here is not closed with " + quote);
    }

    private void enter(int at) {
        if (++depth > MAX_DEPTH) {
            throw error(at, "SYNTAX_ERROR", "the expression nests deeper than " + MAX_DEPTH + " levels");
        }
    }

    private int position() {
        skipSpace();
        return index + 1;
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = index + word.length();
        if (end > source.length() || !source.regionMatches(true, index, word, 0, word.length())) {
            return false;
        }
        if (end < source.length() && (Character.isLetterOrDigit(source.charAt(end)) || source.charAt(end) == '_')) {
            return false;
        }
        // NOT(...) and a field named like a keyword followed by '(' are function calls, parsed as primaries.
        int after = end;
        while (after < source.length() && Character.isWhitespace(source.charAt(after))) {
            after++;
        }
        if (!word.equals("NOT") && after < source.length() && source.charAt(after) == '(') {
            return false;
        }
        index = end;
        return true;
    }

    private boolean peekSymbol(String symbol) {
        skipSpace();
        return source.startsWith(symbol, index);
    }

    private boolean symbol(String symbol) {
        if (peekSymbol(symbol)) {
            index += symbol.length();
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!symbol(symbol)) {
            throw error(index + 1, "SYNTAX_ERROR", index >= source.length() ? "expected '" + symbol + "' before the end"
                    : "expected '" + symbol + "' instead of '" + rest() + "'");
        }
    }

    private void skipSpace() {
        while (index < source.length() && Character.isWhitespace(source.charAt(index))) {
            index++;
        }
    }

    private String rest() {
        String rest = source.substring(index);
        return rest.length() > 20 ? rest.substring(0, 20) + "…" : rest;
    }

    private static FormulaException error(int position, String code, String message) {
        return new FormulaException(List.of(new FormulaError(code, position, message)));
    }
}
