package dev.conclab.kernel.debug;

import com.sun.jdi.BooleanValue;
import com.sun.jdi.CharValue;
import com.sun.jdi.DoubleValue;
import com.sun.jdi.FloatValue;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.PrimitiveValue;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.StringReference;
import com.sun.jdi.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A breakpoint's condition: a Java boolean expression over what {@link Evaluation} reads (names
 * and fields), literals, arithmetic, comparisons, {@code !}, {@code &&} and {@code ||}, as in
 * {@code i == 500 && !worker.done}. Like the rest of the debugger it runs no code of the program,
 * so method calls are refused; for the same reason {@code ==} compares strings by their text
 * (there is no {@code equals} to call). Parsed when the breakpoint is set, so that a typo is
 * reported then; evaluated in the frame of each hit.
 */
final class Condition {
    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(\\d+(?:\\.\\d+)?[lLdDfF]?)|(\"(?:[^\"\\\\]|\\\\.)*\")|('(?:[^'\\\\]|\\\\.)')"
                    + "|([\\p{L}_$][\\p{L}\\p{N}_$]*(?:\\s*\\.\\s*[\\p{L}_$][\\p{L}\\p{N}_$]*)*)"
                    + "|(&&|\\|\\||==|!=|<=|>=|[<>!+\\-*/%()]))");
    private static final Set<String> LITERALS = Set.of("true", "false", "null");

    /** A parsed expression, evaluated against a frame. */
    private sealed interface Node {}

    private record Literal(Object value) implements Node {}

    private record Name(String path) implements Node {}

    private record Unary(String operator, Node operand) implements Node {}

    private record Binary(String operator, Node left, Node right) implements Node {}

    private final String text;
    private final Node root;

    private Condition(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    /** Parses a condition; IllegalArgumentException saying what is wrong when it is not one this debugger evaluates. */
    static Condition parse(String text) {
        Parser parser = new Parser(tokens(text), text);
        Node root = parser.or();
        if (parser.position < parser.tokens.size()) {
            throw new IllegalArgumentException("the condition " + text + " has " + parser.tokens.get(parser.position)
                    + " where it should end");
        }
        return new Condition(text, root);
    }

    /** Whether the condition holds in {@code frame}; IllegalArgumentException when it cannot be evaluated there. */
    boolean holds(StackFrame frame, List<ReferenceType> snippetTypes) {
        Object value = evaluate(root, frame, snippetTypes);
        if (!(value instanceof Boolean yes)) {
            throw new IllegalArgumentException("the condition " + text + " is " + shown(value) + ", not true or false");
        }
        return yes;
    }

    String text() {
        return text;
    }

    private Object evaluate(Node node, StackFrame frame, List<ReferenceType> snippetTypes) {
        if (node instanceof Literal literal) {
            return literal.value();
        }
        if (node instanceof Name name) {
            return plain(Evaluation.evaluate(name.path(), frame, snippetTypes));
        }
        if (node instanceof Unary unary) {
            Object operand = evaluate(unary.operand(), frame, snippetTypes);
            if (unary.operator().equals("!") && operand instanceof Boolean b) {
                return !b;
            }
            if (unary.operator().equals("-") && operand instanceof Number n) {
                return n instanceof Double ? (Object) (-n.doubleValue()) : (Object) (-n.longValue());
            }
            throw new IllegalArgumentException(unary.operator() + " does not apply to " + shown(operand) + " in " + text);
        }
        Binary binary = (Binary) node;
        Object left = evaluate(binary.left(), frame, snippetTypes);
        if (binary.operator().equals("&&") || binary.operator().equals("||")) {
            if (!(left instanceof Boolean l)) {
                throw new IllegalArgumentException(binary.operator() + " needs true or false, not " + shown(left) + ", in " + text);
            }
            if (l == binary.operator().equals("||")) {
                return l;
            }
            Object right = evaluate(binary.right(), frame, snippetTypes);
            if (!(right instanceof Boolean r)) {
                throw new IllegalArgumentException(binary.operator() + " needs true or false, not " + shown(right) + ", in " + text);
            }
            return r;
        }
        return apply(binary.operator(), left, evaluate(binary.right(), frame, snippetTypes));
    }

    private Object apply(String operator, Object left, Object right) {
        if (operator.equals("==") || operator.equals("!=")) {
            boolean same = left instanceof Number a && right instanceof Number b ? compare(a, b) == 0 : Objects.equals(left, right);
            return same == operator.equals("==");
        }
        if (operator.equals("+") && (left instanceof String || right instanceof String)) {
            return shownPlain(left) + shownPlain(right);
        }
        if (!(left instanceof Number a) || !(right instanceof Number b)) {
            throw new IllegalArgumentException(operator + " needs numbers, not " + shown(left) + " and " + shown(right) + ", in " + text);
        }
        switch (operator) {
            case "<": return compare(a, b) < 0;
            case "<=": return compare(a, b) <= 0;
            case ">": return compare(a, b) > 0;
            case ">=": return compare(a, b) >= 0;
            default: return arithmetic(operator, a, b);
        }
    }

    private Object arithmetic(String operator, Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return switch (operator) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                default -> x % y;
            };
        }
        long x = a.longValue();
        long y = b.longValue();
        if ((operator.equals("/") || operator.equals("%")) && y == 0) {
            throw new IllegalArgumentException("division by zero in " + text);
        }
        return switch (operator) {
            case "+" -> x + y;
            case "-" -> x - y;
            case "*" -> x * y;
            case "/" -> x / y;
            default -> x % y;
        };
    }

    private static int compare(Number a, Number b) {
        return a instanceof Double || b instanceof Double ? Double.compare(a.doubleValue(), b.doubleValue())
                : Long.compare(a.longValue(), b.longValue());
    }

    /** A JDI value as a plain value: numbers as Long or Double, text as String; other objects stay mirrors. */
    private static Object plain(Value value) {
        if (value instanceof ObjectReference object && !(value instanceof StringReference)) {
            Value boxed = object.referenceType().fieldByName("value") == null || !object.referenceType().name().startsWith("java.lang.")
                    ? null : object.getValue(object.referenceType().fieldByName("value"));
            return boxed instanceof PrimitiveValue ? plain(boxed) : object;
        }
        if (value instanceof StringReference string) {
            return string.value();
        }
        if (value instanceof BooleanValue b) {
            return b.value();
        }
        if (value instanceof CharValue c) {
            return (long) c.value();
        }
        if (value instanceof DoubleValue || value instanceof FloatValue) {
            return ((PrimitiveValue) value).doubleValue();
        }
        if (value instanceof PrimitiveValue primitive) {
            return primitive.longValue();
        }
        return null;
    }

    private static String shown(Object value) {
        return value instanceof Value mirror ? Variables.show(mirror) : value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static String shownPlain(Object value) {
        return value instanceof Value mirror ? Variables.show(mirror) : String.valueOf(value);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        int at = 0;
        while (at < text.length() && !text.substring(at).isBlank()) {
            if (!matcher.find(at) || matcher.start() != at) {
                throw new IllegalArgumentException("the condition " + text + " is not an expression this debugger evaluates at \""
                        + text.substring(at).strip() + "\": it takes names, fields, literals, arithmetic, comparisons, !, && and ||"
                        + " (no method calls: they would run code in the stopped program)");
            }
            tokens.add(matcher.group().strip().replaceAll("\\s+", ""));
            at = matcher.end();
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the condition is empty");
        }
        return tokens;
    }

    /** Recursive descent, with Java's precedence: || below && below ==/!= below comparisons below + - below * / %. */
    private static final class Parser {
        private final List<String> tokens;
        private final String text;
        private int position;

        Parser(List<String> tokens, String text) {
            this.tokens = tokens;
            this.text = text;
        }

        Node or() {
            return level(this::and, "||");
        }

        private Node and() {
            return level(this::equality, "&&");
        }

        private Node equality() {
            return level(this::relation, "==", "!=");
        }

        private Node relation() {
            return level(this::sum, "<", "<=", ">", ">=");
        }

        private Node sum() {
            return level(this::product, "+", "-");
        }

        private Node product() {
            return level(this::unary, "*", "/", "%");
        }

        /** One precedence level: operands of the next level joined, left to right, by {@code operators}. */
        private Node level(Supplier<Node> operand, String... operators) {
            Node node = operand.get();
            for (String op = operator(operators); op != null; op = operator(operators)) {
                node = new Binary(op, node, operand.get());
            }
            return node;
        }

        private Node unary() {
            String op = operator("!", "-");
            return op == null ? primary() : new Unary(op, unary());
        }

        private Node primary() {
            if (position >= tokens.size()) {
                throw new IllegalArgumentException("the condition " + text + " ends too soon");
            }
            String token = tokens.get(position++);
            if (token.equals("(")) {
                Node inner = or();
                if (!next(")")) {
                    throw new IllegalArgumentException("the condition " + text + " lacks a )");
                }
                return inner;
            }
            if (next("(")) {
                throw new IllegalArgumentException("the condition " + text + " calls " + token
                        + "(...): conditions call no methods (that would run code in the stopped program)");
            }
            char first = token.charAt(0);
            if (Character.isDigit(first)) {
                String digits = token.replaceAll("[lLdDfF]$", "");
                return new Literal(digits.contains(".") || token.matches(".*[dDfF]$") ? (Object) Double.parseDouble(digits)
                        : (Object) Long.parseLong(digits));
            }
            if (first == '"') {
                return new Literal(token.substring(1, token.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\"));
            }
            if (first == '\'') {
                return new Literal((long) token.charAt(token.length() - 2));
            }
            if (LITERALS.contains(token)) {
                return new Literal(token.equals("null") ? null : Boolean.valueOf(token));
            }
            if (Character.isLetter(first) || first == '_' || first == '$') {
                return new Name(token);
            }
            throw new IllegalArgumentException("the condition " + text + " has " + token + " where a value should be");
        }

        private String operator(String... choices) {
            for (String choice : choices) {
                if (next(choice)) {
                    return choice;
                }
            }
            return null;
        }

        private boolean next(String token) {
            if (position < tokens.size() && tokens.get(position).equals(token)) {
                position++;
                return true;
            }
            return false;
        }
    }
}
