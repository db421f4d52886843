package dev.conclab.kernel.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A chart made in a cell, with no import, reaches the front end as an SVG image with its numbers as text. */
class ChartIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass();

    @Test
    void aBarChartShownInACellArrivesAsDisplayDataWithSvgAndText() throws Exception {
        Run run = running.client().run("Chart.bars(\"Time for 4 CPU-bound jobs\", \"ms\").bar(\"1 thread\", 812).bar(\"4 threads\", 230).show();");
        assertEquals("ok", run.status(), run.iopub() + running.log());
        Msg display = run.iopub().stream().filter(m -> m.type().equals("display_data")).findFirst()
                .orElseThrow(() -> new AssertionError("no display_data: " + run.iopub()));
        String svg = display.content().path("data").path("image/svg+xml").asText();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.contains(">4 threads</text>"), svg);
        assertEquals("Time for 4 CPU-bound jobs (ms)\n  1 thread   812\n  4 threads  230",
                display.content().path("data").path("text/plain").asText());
    }

    @Test
    void aLineChartEndingACellIsItsResult() throws Exception {
        Run run = running.client().run("Chart.lines(\"Speed-up\", \"workers\", \"speed-up\").series(\"threads\", List.of(1, 2), List.of(1.0, 1.9))");
        Msg result = run.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst()
                .orElseThrow(() -> new AssertionError("no execute_result: " + run.iopub()));
        assertTrue(result.content().path("data").path("image/svg+xml").asText().contains("<polyline class=\"series\""));
    }

    @Test
    void aBadNumberFailsTheCellSayingWhich() throws Exception {
        Run run = running.client().run("Chart.bars(\"t\", \"ms\").bar(\"broken\", Double.NaN)");
        assertEquals("java.lang.IllegalArgumentException", run.error().content().path("ename").asText());
        assertTrue(run.error().content().path("evalue").asText().contains("bar \"broken\" is NaN"), run.error().toString());
    }
}
