package dev.conclab.kernel.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient;
import dev.conclab.kernel.testing.JupyterTestClient.Msg;
import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A program pasted into cells shows what it shows under {@code java}: threads, failures, exits. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainJavaIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perClass().warmUp("1");

    private static JupyterTestClient client() {
        return running.client();
    }

    @Test
    @Order(1)
    void theNotebooksFirstThreadIsThreadZeroAndItsFirstPoolIsPoolOne() throws Exception {
        String names = client().run("Thread first = new Thread(() -> { });\n"
                + "var pool = Executors.newFixedThreadPool(1);\n"
                + "String worker = pool.submit(() -> Thread.currentThread().getName()).get();\n"
                + "pool.shutdown();\n"
                + "first.getName() + \" \" + worker").result();
        assertEquals("\"Thread-0 pool-1-thread-1\"", names, "threads are numbered as a program's are under java");
    }

    @Test
    void theCellRunsOnMainInTheGroupMainAndItsThreadsInheritIt() throws Exception {
        assertEquals("\"main / main / false\"", client().run(
                "Thread.currentThread().getName() + \" / \" + Thread.currentThread().getThreadGroup().getName()"
                        + " + \" / \" + Thread.currentThread().isDaemon()").result());
        String worker = client().run("var seen = new String[1];\n"
                + "Thread t = new Thread(() -> seen[0] = Thread.currentThread().getThreadGroup().getName(), \"worker\");\n"
                + "String before = t.toString();\n"
                + "t.start(); t.join();\n"
                + "seen[0] + \" \" + before").result();
        assertTrue(worker.matches("\"main Thread\\[(#\\d+,)?worker,5,main]\""), worker);
        assertEquals("\"main\"", client().run("Thread.currentThread().getName()").result(), "every cell runs on main");
    }

    @Test
    void aThreadThatDiesOfAnExceptionPrintsWhatJavaPrintsBeforeItsJoinReturns() throws Exception {
        Run run = client().run("Thread failing = new Thread(() -> { throw new IllegalStateException(\"worker failed\"); }, \"failing\");\n"
                + "failing.start();\n"
                + "failing.join();\n"
                + "System.out.println(\"after join\");");
        assertEquals("ok", run.status(), "the cell itself did not fail");
        List<String> stderr = run.stderr().lines().toList();
        assertEquals("Exception in thread \"failing\" java.lang.IllegalStateException: worker failed", stderr.get(0), run.stderr());
        assertTrue(stderr.get(1).startsWith("\tat ") && stderr.get(1).contains("line 1)"), "the frame is in cell lines: " + run.stderr());
        List<String> order = run.iopub().stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.content().path("name").asText()).distinct().toList();
        assertEquals(List.of("stderr", "stdout"), order, "the report comes before the line printed after join");
    }

    @Test
    void aPoolThreadKilledByItsTaskPrintsLikeJavaAndSubmitKeepsItsExceptionQuiet() throws Exception {
        // The pool's thread reports its death after the pool has terminated: the cell joins it.
        Run run = client().run("var workers = new ArrayList<Thread>();\n"
                + "var pool = Executors.newFixedThreadPool(1, task -> { Thread t = Executors.defaultThreadFactory().newThread(task); workers.add(t); return t; });\n"
                + "var quiet = pool.submit(() -> { throw new IllegalStateException(\"kept in the future\"); });\n"
                + "pool.execute(() -> { throw new IllegalArgumentException(\"task failed\"); });\n"
                + "pool.shutdown();\n"
                + "pool.awaitTermination(10, TimeUnit.SECONDS);\n"
                + "for (Thread worker : workers) { worker.join(); }");
        assertEquals("ok", run.status());
        assertTrue(run.stderr().matches("(?s)Exception in thread \"pool-\\d+-thread-1\" java.lang.IllegalArgumentException: task failed\n\tat .*"),
                run.stderr());
        assertFalse(run.stderr().contains("kept in the future"), run.stderr());
    }

    @Test
    void aDefaultHandlerTheNotebookSetsIsCalledInstead() throws Exception {
        Run run = client().run("Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.out.println(\"handled \" + e.getMessage() + \" of \" + thread.getName()));\n"
                + "Thread failing = new Thread(() -> { throw new IllegalStateException(\"oops\"); }, \"handled-thread\");\n"
                + "failing.start(); failing.join();\n"
                + "Thread.setDefaultUncaughtExceptionHandler(null);");
        assertEquals("handled oops of handled-thread\n", run.stdout());
        assertEquals("", run.stderr());
    }

    @Test
    void systemExitZeroAtTheEndOfMainEndsTheProgramNotTheNotebook() throws Exception {
        client().run("int kept = 41;");
        Run exit = client().run("Thread sleeper = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });\n"
                + "sleeper.start();\n"
                + "System.out.println(\"done\");\n"
                + "System.exit(0);\n"
                + "System.out.println(\"not after exit\");");
        assertEquals("ok", exit.status(), "exit status 0 is a success");
        assertEquals("done\n", exit.stdout());
        assertEquals("\"false 42\"", client().run("sleeper.isAlive() + \" \" + (kept + 1)").result(),
                "the cell's thread was stopped and the notebook's definitions stay");
    }

    @Test
    void aNonZeroExitIsAnErrorThatSaysTheStatusAlsoFromAnotherThread() throws Exception {
        Run fromMain = client().run("System.exit(3);");
        Msg error = fromMain.error();
        assertEquals("SystemExit", error.content().path("ename").asText());
        assertEquals("exit status 3", error.content().path("evalue").asText());
        Run fromWorker = client().run("new Thread(() -> System.exit(2)).start();\n"
                + "Thread.sleep(600_000);\n"
                + "System.out.println(\"main does not go on\");");
        assertEquals("exit status 2", fromWorker.error().content().path("evalue").asText(), fromWorker.stderr());
        assertEquals("", fromWorker.stdout());
        assertEquals("\"still here\"", client().run("\"still here\"").result());
    }

    @Test
    void declarationsInOneCellUseEachOtherInAnyOrderWithoutNotes() throws Exception {
        Run run = client().run("static int twice(int n) { return add(n, n); }\n"
                + "static int add(int a, int b) { return a + b; }\n"
                + "class Report { Line line = new Line(\"total \" + twice(21)); }\n"
                + "record Line(String text) {}\n"
                + "new Report().line.text()");
        assertEquals("", run.stderr(), "nothing is missing once the cell has compiled");
        assertEquals("\"total 42\"", run.result());
        Run waiting = client().run("static void greet() { helper(); }");
        assertEquals("Note: method greet can be used only once method helper() is declared.\n", waiting.stderr());
    }

    @Test
    void aClassThatCatchesWhatALaterClassThrowsIsDefinedOnceThatClassIs() throws Exception {
        Run first = client().run("class Waiter {\n"
                + "    String await() { try { return Sleeper.nap(); } catch (InterruptedException e) { return \"interrupted\"; } }\n"
                + "}");
        assertEquals("ok", first.status(), "javac would compile the files in any order: " + first.stderr());
        assertEquals("Note: class Waiter waits for Sleeper; it is defined as soon as a cell declares it.\n", first.stderr());
        Run second = client().run("class Sleeper { static String nap() throws InterruptedException { Thread.sleep(1); return \"rested\"; } }");
        assertEquals("", second.stderr());
        assertEquals("\"rested\"", client().run("new Waiter().await()").result());
    }

    @Test
    void aRedefinitionThatDropsOrResetsAVariableSaysSo() throws Exception {
        client().run("record Point(int x) {}\nvar p = new Point(1);\nList<Point> points = new ArrayList<>();\npoints.add(p);");
        Run redefined = client().run("record Point(int x, int y) {}");
        List<String> notes = redefined.stderr().lines().sorted().toList();
        assertEquals(2, notes.size(), redefined.stderr());
        assertTrue(notes.get(0).startsWith("Note: variable p can no longer be used: constructor Point"), redefined.stderr());
        assertEquals("Note: variable points was reset to null, since a declaration it depends on changed.", notes.get(1));
    }

    @Test
    void objectsAndExceptionsOfNotebookClassesPrintTheNamesTheUserWrote() throws Exception {
        String text = client().run("class Task {}\n"
                + "class TaskFailed extends RuntimeException { TaskFailed(String m) { super(m); } }\n"
                + "new Task().toString().replaceAll(\"@[0-9a-f]+\", \"@hash\") + \" \" + new TaskFailed(\"late\")").result();
        assertEquals("\"Task@hash TaskFailed: late\"", text);
        Run thrown = client().run("throw new TaskFailed(\"now\");");
        assertEquals("TaskFailed", thrown.error().content().path("ename").asText());
    }
}
