package dev.conclab.kernel;

import java.util.List;

/**
 * Executor JVM options that save memory but exist only on some JDKs: an option the JVM does not
 * know stops it from starting, so each is added only for the versions known to have it. Asking
 * the JVM (HotSpotDiagnosticMXBean) would cost the kernel's start 40 ms; the executor runs on the
 * kernel's own JDK, so its version answers.
 */
final class MemoryOptions {
    /** The newest JDK on which {@code ArchiveRelocationMode} was tried (a diagnostic option may go). */
    private static final int NEWEST_TRIED = 25;

    private MemoryOptions() {}

    /**
     * Maps the class-data archives at the address they were made for. Since 17.0.6 (and JDK 20)
     * the JVM maps them at a random address and then rewrites every pointer in them, which turns
     * most of their pages (21 MB of the executor's 26 MB) into private copies: the archives were
     * not shared between kernels at all. Mapped where they were made, their read-only pages stay
     * the file's and count once however many kernels run. The price: the archives' class
     * metadata sits at a predictable address in every executor (no address-space randomization for
     * it), which matters only to an attacker who already controls memory of a process that runs
     * whatever code its notebook sends.
     */
    static List<String> archivesShared(Runtime.Version version) {
        if (version.feature() > NEWEST_TRIED) {
            return List.of();
        }
        return List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    }

    /**
     * Returns the C heap's free memory to the system every 5 s. javac and the JIT compilers
     * allocate and free in bursts; glibc keeps what was freed, 25 MB after 250 cells. The option
     * came with 17.0.9, 21.0.1 and 22 (experimental until 17.0.11, 21.0.3 and 23, hence the unlock,
     * which is harmless after).
     */
    static List<String> nativeHeapTrimmed(Runtime.Version version) {
        int feature = version.feature();
        boolean known = feature == 17 && version.update() >= 9
                || feature == 21 && version.update() >= 1
                || feature >= 22;
        if (!known) {
            return List.of();
        }
        return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000");
    }
}
