package dev.conclab.runtime.timeline;

import dev.conclab.runtime.internal.cells.NotebookThreadGroup;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {
    @Test
    void chartsASleepingAndARunningThreadInTheirColours() throws Exception {
        // Cells run in the notebook's thread group; the timeline leaves out the JVM's groups.
        ThreadGroup cell = new NotebookThreadGroup(Thread.currentThread().getThreadGroup(), (thread, e) -> { });
        Timeline timeline = Timeline.record(() -> {
            Thread sleeper = new Thread(cell, () -> {
                try {
                    Thread.sleep(150);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sleeper");
            AtomicBoolean stop = new AtomicBoolean();
            Thread spinner = new Thread(cell, () -> {
                long until = System.nanoTime() + 150_000_000L;
                while (System.nanoTime() < until && !stop.get()) {
                    Thread.onSpinWait();
                }
            }, "spinner");
            sleeper.start();
            spinner.start();
            sleeper.join();
            spinner.join();
        });
        String svg = timeline.toSvg();
        assertTrue(svg.startsWith("<svg"), svg);
        assertTrue(svg.contains(">sleeper</text>") && svg.contains(">spinner</text>"), svg);
        assertTrue(svg.contains("<title>sleeper: sleeping"), svg);
        assertTrue(svg.contains("<title>spinner: running"), svg);
        assertTrue(timeline.toMimeBundle().data().containsKey("image/svg+xml"));
        // A notebook opened untrusted shows only this: the same drawing as an <img>.
        assertTrue(timeline.toMimeBundle().data().get("text/html").startsWith("<img src=\"data:image/svg+xml;base64,"));
    }
}
