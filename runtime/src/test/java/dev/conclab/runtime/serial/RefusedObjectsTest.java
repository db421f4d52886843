package dev.conclab.runtime.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.ipc.Manager;
import dev.conclab.runtime.ipc.ProcessMap;
import dev.conclab.runtime.ipc.ProcessQueue;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a notebook's processes refuse to read, through the real shared objects and their sockets:
 * the error names what was refused and the property that allows it, the object stays where it
 * was, and the server goes on serving.
 */
class RefusedObjectsTest {

    @AfterEach
    void forgetWhatATestAllowed() {
        System.clearProperty(SerialFilter.PROPERTY);
    }

    @Test
    void aDeeplyNestedValueIsRefusedAndStaysInTheQueueUntilTheLimitIsRaised() throws Exception {
        ProcessQueue<Object> queue = ProcessQueue.create();
        queue.put(nested(300));

        RefusedObjectException refused = assertThrows(RefusedObjectException.class, queue::take);
        assertTrue(refused.getMessage().contains("nested more than 100 objects deep (maxdepth)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("System.setProperty(\"conclab.serial.filter\", \"maxdepth=400\")"),
                refused.getMessage());
        assertEquals(1, queue.size(), "the refused value went back into the queue");

        System.setProperty(SerialFilter.PROPERTY, "maxdepth=400");
        assertEquals(nested(300), queue.take());
    }

    @Test
    void anUnlistedClassSentToAMapIsRefusedByItsServerWhichServesOn() throws Exception {
        ProcessMap<String, Object> map = Manager.map();
        // java.net.URL resolves its host when hashed: the start of the best-known gadget chain.
        URL url = URI.create("http://example.invalid/").toURL();

        RefusedObjectException refused = assertThrows(RefusedObjectException.class, () -> map.put("home", url));
        assertTrue(refused.getMessage().contains("refused what put sent"), refused.getMessage());
        assertTrue(refused.getMessage().contains("an object of class java.net.URL from a shared object was refused"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("System.setProperty(\"conclab.serial.filter\", \"java.net.URL\")"),
                refused.getMessage());

        map.put("home", "a string is fine");
        assertEquals("a string is fine", map.get("home"));
        assertEquals(1, map.size());
    }

    @Test
    void aRefusedClassOfTheUnnamedPackageIsAllowedByItsNameAsTheErrorSays() throws Exception {
        ProcessQueue<Object> queue = ProcessQueue.create();
        // Reflection: a class of a named package cannot name one of the unnamed package.
        Object value = Class.forName("UnnamedPackageValue").getConstructor().newInstance();
        queue.put(value);

        RefusedObjectException refused = assertThrows(RefusedObjectException.class, queue::take);
        assertTrue(refused.getMessage().contains("System.setProperty(\"conclab.serial.filter\", \"UnnamedPackageValue\")"
                + " (child processes"), refused.getMessage());
        assertFalse(refused.getMessage().contains(".*"), "JEP 290 has no pattern for the unnamed package: " + refused.getMessage());

        System.setProperty(SerialFilter.PROPERTY, "UnnamedPackageValue");
        assertEquals(value, queue.take());
    }

    @Test
    void anAllowedClassPassesAndAPatternCanRefuseAnotherwiseAllowedOne() throws Exception {
        ProcessQueue<Object> queue = ProcessQueue.create();
        URL url = URI.create("http://example.invalid/").toURL();
        queue.put(url);
        System.setProperty(SerialFilter.PROPERTY, "java.net.URL");
        assertEquals(url.toString(), queue.take().toString());

        System.setProperty(SerialFilter.PROPERTY, "!java.util.ArrayList");
        queue.put(new ArrayList<>(List.of(1)));
        RefusedObjectException refused = assertThrows(RefusedObjectException.class, queue::take);
        assertTrue(refused.getMessage().contains("java.util.ArrayList"), refused.getMessage());
    }

    /** A list in a list in a list ..., {@code depth} deep. */
    private static List<Object> nested(int depth) {
        List<Object> outer = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> next = new ArrayList<>();
            next.add(outer);
            outer = next;
        }
        return outer;
    }
}
