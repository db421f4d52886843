package dev.conclab.runtime.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A chart of one line per series of (x, y) measurements, with a legend when there are several; made by {@link Chart#lines}. */
public record LineChart(String title, String xName, String yName, List<Series> series) implements Chart {

    /** One measurement: {@code y} measured at {@code x}. */
    public record Point(double x, double y) {}

    /** A named line through its points, which are kept in order of {@code x}. */
    public record Series(String name, List<Point> points) {
        public Series {
            Objects.requireNonNull(name, "name");
            if (points.isEmpty()) {
                throw new IllegalArgumentException("Series \"" + name + "\" has no points");
            }
            for (int i = 0; i < points.size(); i++) {
                Point point = points.get(i);
                if (!Double.isFinite(point.x())) {
                    throw new IllegalArgumentException("x value " + i + " of series \"" + name + "\" is " + point.x()
                            + ", not a finite number");
                }
                Numbers.measured(point.y(), "y value " + i + " of series \"" + name + "\"");
            }
            // Measurements taken out of order would otherwise draw a zigzag.
            points = points.stream().sorted(Comparator.comparingDouble(Point::x)).toList();
        }
    }

    public LineChart {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xName, "xName");
        Objects.requireNonNull(yName, "yName");
        series = List.copyOf(series);
        if (series.stream().map(Series::name).distinct().count() < series.size()) {
            throw new IllegalArgumentException("Two series are named the same; the legend could not tell them apart: "
                    + series.stream().map(Series::name).toList());
        }
    }

    /** This chart with one more series: {@code ys.get(i)} measured at {@code xs.get(i)}. */
    public LineChart series(String name, List<? extends Number> xs, List<? extends Number> ys) {
        Objects.requireNonNull(name, "name");
        if (xs.size() != ys.size()) {
            throw new IllegalArgumentException("Series \"" + name + "\" has " + xs.size() + " x values but "
                    + ys.size() + " y values; each x needs its y");
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            points.add(new Point(number(xs.get(i), "x", i, name), number(ys.get(i), "y", i, name)));
        }
        return new LineChart(title, xName, yName, Stream.concat(series.stream(), Stream.of(new Series(name, points))).toList());
    }

    private static double number(Number number, String axis, int index, String name) {
        if (number == null) {
            throw new IllegalArgumentException(axis + " value " + index + " of series \"" + name + "\" is null");
        }
        return number.doubleValue();
    }

    @Override
    public String svg() {
        return LineChartSvg.render(this);
    }

    @Override
    public String text() {
        StringBuilder text = new StringBuilder(title);
        text.append(title.isBlank() ? "" : " ").append('(').append(xName).append(" → ").append(yName).append(')');
        if (series.isEmpty()) {
            return text.append("\n  (no series yet)").toString();
        }
        for (Series line : series) {
            text.append("\n  ").append(line.name()).append(": ").append(line.points().stream()
                    .map(p -> Numbers.format(p.x()) + " → " + Numbers.format(p.y())).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }
}
