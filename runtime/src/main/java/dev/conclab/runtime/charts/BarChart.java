package dev.conclab.runtime.charts;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** A chart of one bar per measurement, the value printed on each; made by {@link Chart#bars}. */
public record BarChart(String title, String unit, List<Bar> bars) implements Chart {

    /** One labelled measurement. */
    public record Bar(String label, double value) {
        public Bar {
            Objects.requireNonNull(label, "label");
            Numbers.measured(value, "The value of bar \"" + label + "\"");
        }
    }

    public BarChart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(unit, "unit");
        bars = List.copyOf(bars);
    }

    /** This chart with one more bar, to the right of the others. */
    public BarChart bar(String label, double value) {
        return new BarChart(title, unit, Stream.concat(bars.stream(), Stream.of(new Bar(label, value))).toList());
    }

    @Override
    public String svg() {
        return BarChartSvg.render(this);
    }

    @Override
    public String text() {
        StringBuilder text = new StringBuilder(title);
        if (!unit.isBlank()) {
            text.append(title.isBlank() ? "" : " ").append('(').append(unit).append(')');
        }
        if (bars.isEmpty()) {
            return text.append("\n  (no bars yet)").toString();
        }
        int widest = bars.stream().mapToInt(bar -> bar.label().length()).max().orElse(0);
        for (Bar bar : bars) {
            text.append("\n  ").append(bar.label()).append(" ".repeat(widest - bar.label().length() + 2))
                    .append(Numbers.format(bar.value()));
        }
        return text.toString();
    }
}
