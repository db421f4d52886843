package dev.conclab.kernel.debug;

import com.sun.jdi.StackFrame;
import com.sun.jdi.ReferenceType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A breakpoint on a cell line, with DAP's optional {@code condition} (see {@link Condition}) and
 * {@code hitCondition}: {@code 5} or {@code ==5} stops at the 5th hit, {@code >5}, {@code >=5},
 * {@code <5}, {@code <=5} at the hits counted so, {@code %5} at every 5th. Hits are counted
 * where the condition holds, over every thread that reaches the line.
 */
final class Breakpoint {
    private static final Pattern HITS = Pattern.compile("\\s*(==|>=|<=|>|<|%)?\\s*(\\d+)\\s*");

    private final int line;
    private final Condition condition;
    private final String hitOperator;
    private final long hitCount;
    private final AtomicLong hits = new AtomicLong();

    /** A breakpoint; IllegalArgumentException saying what is wrong with a condition or hit condition. */
    Breakpoint(int line, String condition, String hitCondition) {
        this.line = line;
        this.condition = condition == null || condition.isBlank() ? null : Condition.parse(condition);
        if (hitCondition == null || hitCondition.isBlank()) {
            hitOperator = null;
            hitCount = 0;
        } else {
            Matcher matcher = HITS.matcher(hitCondition);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("the hit condition " + hitCondition
                        + " is not a count: write 5 (the 5th hit), >5, >=5, <5, <=5 or %5 (every 5th)");
            }
            hitOperator = matcher.group(1) == null ? "==" : matcher.group(1);
            hitCount = Long.parseLong(matcher.group(2));
            if (hitOperator.equals("%") && hitCount == 0) {
                throw new IllegalArgumentException("the hit condition %0 never holds: write %1 or more");
            }
        }
    }

    int line() {
        return line;
    }

    /**
     * Whether a thread that reached the line stops: the condition holds in its frame and the hit
     * count is one to stop at. IllegalArgumentException when the condition cannot be evaluated
     * there (the thread then stops, so that the person sees why).
     */
    boolean stops(StackFrame frame, List<ReferenceType> snippetTypes) {
        if (condition != null && !condition.holds(frame, snippetTypes)) {
            return false;
        }
        if (hitOperator == null) {
            return true;
        }
        long hit = hits.incrementAndGet();
        return switch (hitOperator) {
            case "==" -> hit == hitCount;
            case ">" -> hit > hitCount;
            case ">=" -> hit >= hitCount;
            case "<" -> hit < hitCount;
            case "<=" -> hit <= hitCount;
            default -> hit % hitCount == 0;
        };
    }

    /** The condition's text, for messages. */
    String conditionText() {
        return condition == null ? "" : condition.text();
    }
}
