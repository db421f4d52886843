package dev.conclab.kernel.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * JupyterLab puts a breakpoint into the file it names itself (murmurhash-js's murmur2 of the
 * cell with debugInfo's seed), so the kernel must name cells the same way. The expected numbers
 * are what murmurhash-js 1.0.0's murmurhash2_32_gc gives under node.
 */
class CellFilesTest {
    @Test
    void hashesCellsAsJupyterLabDoes() {
        assertEquals("3990065800", hash(""));
        assertEquals("2167009006", hash("a"));
        assertEquals("1721718547", hash("int x = 1;"));
        assertEquals("342699378", hash("System.out.println(\"héllo ✓\");\nint y = 2;"));
    }

    @Test
    void namesTheFileWithPrefixHashAndSuffix() {
        CellFiles files = new CellFiles();
        assertEquals(files.prefix() + "1721718547.java", files.pathOf("int x = 1;"));
    }

    private static String hash(String code) {
        return Integer.toUnsignedString(CellFiles.murmur2(code, (int) CellFiles.SEED));
    }
}
