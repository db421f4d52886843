package dev.conclab.kernel.core;

import dev.conclab.kernel.protocol.Replies;
import dev.conclab.kernel.protocol.Session;
import java.util.List;

/** What the kernel says about itself in kernel_info_reply. */
public final class KernelInfo {
    public static final String IMPLEMENTATION = "conclab";
    public static final String VERSION = "0.1.0";

    /** The executor runs on the kernel's own JDK, so the kernel answers without waiting for it. */
    Replies.KernelInfo reply() {
        String javaVersion = Runtime.version().toString();
        String feature = javaVersion.split("[.+-]")[0];
        return new Replies.KernelInfo("ok", Session.PROTOCOL_VERSION, IMPLEMENTATION, VERSION,
                new Replies.LanguageInfo("java", javaVersion, "text/x-java", ".java", "java", "text/x-java"),
                "Concurrency Lab for Java " + VERSION + " on Java " + javaVersion
                        + ": threads and processes, watched live in the cell that started them.",
                List.of(new Replies.HelpLink("Java " + feature + " API",
                                "https://docs.oracle.com/en/java/javase/" + feature + "/docs/api/"),
                        new Replies.HelpLink("JShell guide", "https://docs.oracle.com/en/java/javase/" + feature + "/jshell/")),
                dev.conclab.kernel.debug.DebugPort.enabled());
    }
}
