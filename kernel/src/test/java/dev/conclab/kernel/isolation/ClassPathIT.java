package dev.conclab.kernel.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.kernel.testing.JupyterTestClient.Run;
import dev.conclab.kernel.testing.RunningKernel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A notebook sees the runtime, not the kernel's libraries: the executor JVM has a class path of
 * its own, and ASM, which its agent needs, is shaded under another name. So a cell cannot load
 * Jackson, JeroMQ or ASM, and {@code %maven} gives it whichever version it asks for.
 */
class ClassPathIT {
    @RegisterExtension
    static final RunningKernel running = RunningKernel.perTest().warmUp("1");

    @Test
    void aCellCannotLoadTheKernelsLibraries() throws Exception {
        for (String name : List.of("com.fasterxml.jackson.databind.ObjectMapper", "org.zeromq.ZMQ", "org.objectweb.asm.ClassReader")) {
            Run load = running.client().run("Class.forName(\"" + name + "\")");
            assertEquals("error", load.status(), name + " loaded: " + load.iopub());
            assertEquals("java.lang.ClassNotFoundException", load.error().content().path("ename").asText(), load.error().toString());
            assertTrue(load.error().content().path("evalue").asText().contains(name), load.error().toString());
        }
        // Child JVMs get the executor's class path, so the same holds there.
        Run child = running.client().run("Processes.start(() -> { try { Class.forName(\"org.zeromq.ZMQ\"); return \"loaded\"; }"
                + " catch (ClassNotFoundException e) { return \"not found\"; } }).result()");
        assertEquals("\"not found\"", child.result(), child.iopub().toString());
    }

    @Test
    void mavenGivesTheVersionTheNotebookAsksFor() throws Exception {
        // The build uses another Jackson (2.21.x) and ASM (9.9): the notebook gets the ones it named.
        Run jackson = running.client().run("%maven com.fasterxml.jackson.core:jackson-databind:2.17.2 org.ow2.asm:asm:9.6");
        assertEquals("ok", jackson.status(), jackson.iopub().toString());
        assertEquals("\"2.17.2\"", running.client().run("new com.fasterxml.jackson.databind.ObjectMapper().version().toString()").result());
        String jar = running.client().run("com.fasterxml.jackson.databind.ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().getPath()").result();
        assertTrue(jar.endsWith("jackson-databind-2.17.2.jar\""), jar);
        String asm = running.client().run("org.objectweb.asm.ClassReader.class.getProtectionDomain().getCodeSource().getLocation().getPath()").result();
        assertTrue(asm.endsWith("asm-9.6.jar\""), asm);
        assertEquals("\"{\\\"a\\\":1}\"", running.client().run("new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of(\"a\", 1))").result());
    }
}
