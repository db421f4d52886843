package dev.conclab.runtime.processes;

/**
 * Runs a bash script as a child process whose output streams live into the cell, for the
 * {@code %%bash} cell magic. The script ends with the cell: stopping the cell kills it.
 */
public final class Shell {
    private Shell() {}

    /**
     * Runs {@code script} with {@code bash -c} and waits for it.
     *
     * @throws ChildFailedException if the script exits with a code other than 0
     */
    public static void run(String script) throws InterruptedException {
        ChildProcess<Integer> bash = Processes.command("bash", "-c", script);
        try {
            int exitCode = bash.exitCode();
            if (exitCode != 0) {
                throw new ChildFailedException("bash exited with code " + exitCode);
            }
        } finally {
            if (bash.isAlive()) {
                bash.kill();
            }
        }
    }
}
