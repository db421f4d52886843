package dev.conclab.executor.build;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step (executor/pom.xml, after the shading): rewrites the ASM classes shaded into the
 * executor jar from class-file version 49 (Java 5, as ASM ships them) to 52 with stack-map frames.
 * HotSpot archives no class older than 50 (Java 6), so the Java agent's ASM was loaded from the jar,
 * and checked by the old inferring verifier, before every executor's main method: ~40-90 ms on the
 * way to the first cell. The code is unchanged; only the version and the frames are new.
 */
public final class ShadedAsmUpgrade {
    private static final String SHADED = "dev/conclab/executor/agent/asm/";
    private static final int ARCHIVABLE = 50;

    private ShadedAsmUpgrade() {}

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path rewritten = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (URLClassLoader classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
                ZipFile in = new ZipFile(jar.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(rewritten))) {
            for (ZipEntry entry : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().endsWith(".class") && version(bytes) < ARCHIVABLE) {
                    if (!entry.getName().startsWith(SHADED)) {
                        throw new IllegalStateException(entry.getName() + " has class-file version " + version(bytes)
                                + ", which HotSpot cannot archive, and is not ASM's: compile it for Java 17");
                    }
                    bytes = upgrade(bytes, classes);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(rewritten, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("ShadedAsmUpgrade: " + upgraded + " classes of " + jar.getFileName() + " now at class-file version 52");
    }

    private static int version(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] classFile, ClassLoader shaded) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                // Frames need the common superclass of two of the shaded classes: load them from the jar.
                return shaded;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
