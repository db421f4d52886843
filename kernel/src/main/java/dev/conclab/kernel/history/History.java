package dev.conclab.kernel.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells run in this kernel session, for {@code history_request}: the last n, a range of
 * execution counts, or a glob search. Kept in memory; a new kernel starts a new history.
 *
 * <p>Bounded, since the kernel runs as long as the notebook is open: the newest
 * {@value #MAX_ENTRIES} cells, each with at most {@value #MAX_OUTPUT_CHARS} characters of its
 * result (a cell that shows a large collection would otherwise keep its text in the kernel for
 * good). Clients ask for the last few hundred cells (JupyterLab's console) and read results rarely;
 * IPython stores none by default.
 */
public final class History {
    /** The session number: one per kernel process, as clients see it. */
    public static final int SESSION = 1;
    /** The most cells kept; the oldest go first. */
    static final int MAX_ENTRIES = 10_000;
    /** The longest result kept per cell; a longer one is cut and ends with {@link #CUT}. */
    static final int MAX_OUTPUT_CHARS = 2_000;
    static final String CUT = "…";

    /** One executed cell: its {@code In [n]} number, code and plain-text result (or null). */
    public record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        if (output != null && output.length() > MAX_OUTPUT_CHARS) {
            output = output.substring(0, MAX_OUTPUT_CHARS) + CUT;
        }
        if (entries.size() == MAX_ENTRIES) {
            // A tenth at a time, so that dropping the oldest does not shift the list at every cell.
            entries.subList(0, MAX_ENTRIES / 10).clear();
        }
        entries.add(new Entry(line, input, output));
    }

    /** The last {@code n} cells. */
    public synchronized List<Entry> tail(int n) {
        return List.copyOf(entries.subList(Math.max(0, entries.size() - n), entries.size()));
    }

    /** Cells with {@code start <= line < stop}; a stop of 0 or less means up to the end. */
    public synchronized List<Entry> range(int start, int stop) {
        return entries.stream().filter(e -> e.line() >= start && (stop <= 0 || e.line() < stop)).toList();
    }

    /** Cells whose code matches the glob {@code pattern}: the last {@code n}, optionally without repeats. */
    public synchronized List<Entry> search(String pattern, int n, boolean unique) {
        Pattern glob = globToRegex(pattern);
        List<Entry> matches = entries.stream().filter(e -> glob.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latestByInput = new LinkedHashMap<>();
            for (Entry entry : matches) {
                latestByInput.remove(entry.input());
                latestByInput.put(entry.input(), entry);
            }
            matches = List.copyOf(latestByInput.values());
        }
        return n > 0 ? matches.subList(Math.max(0, matches.size() - n), matches.size()) : matches;
    }

    /** The rows of a history_reply: [session, line, input] or [session, line, [input, output]]. */
    public static List<List<Object>> rows(List<Entry> entries, boolean withOutput) {
        List<List<Object>> rows = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            Object cell = withOutput ? java.util.Arrays.asList(entry.input(), entry.output()) : entry.input();
            rows.add(List.of(SESSION, entry.line(), cell));
        }
        return rows;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
