package dev.conclab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryOptionsTest {
    @Test
    void thisJdkStartsWithEveryOptionChosenForIt() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(MemoryOptions.archivesShared(Runtime.version()));
        command.addAll(MemoryOptions.nativeHeapTrimmed(Runtime.version()));
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(30, TimeUnit.SECONDS), "java -version did not end");
        assertEquals(0, java.exitValue(), command + " failed: " + output);
    }

    @Test
    void theTrimIsLeftOutWhereTheJdkHasNoSuchOption() {
        assertEquals(List.of(), MemoryOptions.nativeHeapTrimmed(Runtime.Version.parse("17.0.8")));
        assertEquals(List.of(), MemoryOptions.nativeHeapTrimmed(Runtime.Version.parse("20.0.2")));
        assertEquals(List.of(), MemoryOptions.nativeHeapTrimmed(Runtime.Version.parse("21")));
        assertTrue(MemoryOptions.nativeHeapTrimmed(Runtime.Version.parse("17.0.9")).contains("-XX:TrimNativeHeapInterval=5000"));
        assertTrue(MemoryOptions.nativeHeapTrimmed(Runtime.Version.parse("21.0.1")).contains("-XX:TrimNativeHeapInterval=5000"));
        assertTrue(MemoryOptions.nativeHeapTrimmed(Runtime.Version.parse("25")).contains("-XX:TrimNativeHeapInterval=5000"));
    }

    @Test
    void archivesAreMappedInPlaceOnlyOnJdksItWasTriedOn() {
        assertTrue(MemoryOptions.archivesShared(Runtime.Version.parse("17.0.15")).contains("-XX:ArchiveRelocationMode=0"));
        assertEquals(List.of(), MemoryOptions.archivesShared(Runtime.Version.parse("26")));
    }
}
