package dev.conclab.kernel.races;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A race in a cell shows its chart and table, and runs in a child JVM with other JIT flags. */
class RaceIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("class Flag { volatile boolean stop; boolean saw; }");

    @Test
    void aRaceShowsAChartAndATableThatMarkEachOutcome() throws Exception {
        Run run = running.client().run("Race.of(Flag::new).title(\"flag\").actor(s -> s.saw = s.stop).actor(s -> s.stop = true)\n"
                + "    .arbiter(s -> s.saw).expect(true, Expect.ACCEPTABLE, \"writer first\")\n"
                + "    .expect(false, Expect.ACCEPTABLE, \"reader first\").run(Duration.ofMillis(300))");
        var data = run.iopub().stream().filter(m -> m.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data");
        assertTrue(data.path("image/svg+xml").asText().startsWith("<svg"), data.toString());
        String html = data.path("text/html").asText();
        // The chart is an <img> of the same SVG: JupyterLab drops an inline <svg> from an untrusted notebook's HTML.
        var image = Pattern.compile("<img src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        assertTrue(image.find() && !html.contains("<svg") && html.contains("<td>ACCEPTABLE</td><td>writer first</td>"), html);
        String chart = new String(Base64.getDecoder().decode(image.group(1)), StandardCharsets.UTF_8);
        assertTrue(chart.startsWith("<svg") && chart.contains(">flag ("), chart);
        assertTrue(data.path("text/plain").asText().startsWith("flag: "), data.toString());
    }

    @Test
    void aRaceRunsInAChildJvmWithOtherFlags() throws Exception {
        Run run = running.client().run("var r = Race.of(Flag::new).actor(s -> s.saw = s.stop).actor(s -> s.stop = true)\n"
                + "    .arbiter(s -> s.saw).runIn(Duration.ofMillis(300), \"-Xint\");\n"
                + "r.runs() > 0 && r.runs() == r.count(true) + r.count(false)");
        assertEquals("true", run.result(), run.iopub().toString());
    }

    @Test
    void aRaceOfPlainConsumersCannotGoToAChildAndSaysHowToWriteIt() throws Exception {
        Run run = running.client().run("Consumer<Flag> write = s -> s.stop = true;\n"
                + "Race.of(Flag::new).actor(write).actor(write).arbiter(s -> s.stop).runIn(Duration.ofMillis(100), \"-Xint\")");
        String evalue = run.error().content().path("evalue").asText();
        assertTrue(evalue.startsWith("runIn sends the race to a child JVM, so write its state, actors and arbiter as lambdas"),
                evalue);
    }
}
