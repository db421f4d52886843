package dev.conclab.kernel.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Jupyter clients against the installed kernel: jupyter_kernel_test's whole suite and
 * nbclient running a notebook. The kernel is installed with install.sh into a temporary prefix,
 * as a user would install it; the Python side runs in the virtualenv test.sh prepares.
 */
class JupyterClientsIT {
    @TempDir
    static Path prefix;

    private static Path repo;
    private static String python;

    @BeforeAll
    static void installKernel() throws Exception {
        repo = Path.of(System.getProperty("conclab.repo", "..")).toAbsolutePath().normalize();
        python = System.getProperty("conclab.python", "");
        assertFalse(python.isBlank(), "conclab.python is not set: run the tests with ./test.sh, which prepares the Python virtualenv");
        assertTrue(Files.isExecutable(Path.of(python)), python + " is not an executable Python");
        Process install = new ProcessBuilder("bash", repo.resolve("install.sh").toString(), "--no-build", "--prefix", prefix.toString())
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes());
        assertTrue(install.waitFor(5, TimeUnit.MINUTES), "install.sh did not finish");
        assertEquals(0, install.exitValue(), output);
        assertTrue(Files.exists(prefix.resolve("share/jupyter/kernels/conclab-java/kernel.json")), output);
    }

    @Test
    void jupyterKernelTestPassesWithNothingSkipped() throws Exception {
        String report = pytest("test_conformance.py");
        assertFalse(report.contains("skipped"), "jupyter_kernel_test skipped tests:\n" + report);
    }

    @Test
    void nbclientRunsTheSmokeNotebook() throws Exception {
        pytest("test_notebooks_smoke.py");
    }

    @Test
    void theProvidedNotebooksRunTopToBottomAndKeepTheirPromises() throws Exception {
        pytest("test_provided_notebooks.py");
    }

    @Test
    void jupyterConsoleContinuesLinesUntilTheCodeIsComplete() throws Exception {
        pytest("test_console.py");
    }

    @Test
    void jupyterClientReachesTheKernelOverIpc() throws Exception {
        pytest("test_connection.py");
    }

    @Test
    void manyCellsAndManyKernelsLoseNothingAndLeaveNothingBehind() throws Exception {
        pytest("test_reliability.py");
    }

    @Test
    void aClientFrozenOrGoneMidCellHoldsUpNothingAndLosesNothing() throws Exception {
        pytest("test_disconnect.py");
    }

    @Test
    void realConcurrencyProgramsShowInCellsWhatTheyShowUnderJava() throws Exception {
        pytest("test_corpus.py");
    }

    @Test
    void nbgraderReleasesTheLessonsAndAutogradesThreeSubmissionsWithPointsPerCheck() throws Exception {
        pytest("test_nbgrader.py");
    }

    @Test
    void aPersonRunsNotebooksInJupyterLabInARealBrowser() throws Exception {
        pytest("test_browser.py");
    }

    @Test
    void aClassOfTenRunsNotebook01AtOnceOnARealJupyterHub() throws Exception {
        pytest("test_hub.py");
    }

    private String pytest(String file) throws IOException, InterruptedException {
        Path tests = repo.resolve("kernel/src/test/python");
        ProcessBuilder builder = new ProcessBuilder(List.of(python, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-v",
                tests.resolve(file).toString())).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        builder.environment().remove("JPY_PARENT_PID");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "pytest did not finish:\n" + output);
        System.out.println(output);
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
