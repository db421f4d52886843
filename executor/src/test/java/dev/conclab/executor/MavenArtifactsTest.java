package dev.conclab.executor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** %maven without its resolver beside the executor jar says how to get it back. */
class MavenArtifactsTest {
    @Test
    void aMissingResolverFolderAsksForAReinstall() {
        // Run from target/classes, the executor has no resolver/ beside it, as a broken install would not.
        MavenArtifacts.ResolutionFailed failed = assertThrows(MavenArtifacts.ResolutionFailed.class,
                () -> new MavenArtifacts().resolve(List.of("org.example:any:1.0")));
        assertTrue(failed.getMessage().startsWith("%maven is not available: the resolver in "), failed.getMessage());
        assertTrue(failed.getMessage().endsWith("reinstall the kernel with install.sh"), failed.getMessage());
    }
}
