package dev.conclab.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.serial.RefusedObjectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {
    private static final ClassLoader LOADER = ValuesTest.class.getClassLoader();

    @Test
    void commonValuesArriveAsTheyWereSent() {
        String halfAPair = "a\uD800b";
        List<Object> values = new ArrayList<>(List.of("exam answers: 42", "", halfAPair, 7, -1L, 2.5, true, false));
        values.add(null);
        for (Object value : values) {
            assertEquals(value, roundTrip(value));
        }
        assertArrayEquals(new Object[] {"k", 1, null}, (Object[]) roundTrip(new Object[] {"k", 1, null}));
        assertTrue(HostedClient.serialize(7).length < 10, "an Integer takes a few bytes, not Java serialization's 81");
    }

    @Test
    void otherValuesAreJavaSerializedAndFiltered() throws Exception {
        assertEquals(List.of(1, 2), roundTrip(List.of(1, 2)));
        String longText = "x".repeat(100_000);
        assertEquals(longText, roundTrip(longText));
        Object[] nested = {new Object[] {1}};
        assertArrayEquals((Object[]) nested[0], (Object[]) ((Object[]) roundTrip(nested))[0]);
        // A class no notebook may send is still refused on the way in.
        byte[] refused = HostedClient.serialize(new Object[] {new java.net.URL("http://example.org")});
        assertThrows(RefusedObjectException.class, () -> HostedClient.deserialize(refused, LOADER));
    }

    @Test
    void bytesThatAreNoValueAreAClearError() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> HostedClient.deserialize(new byte[] {2, 0x7f, 0, 0, 0}, LOADER));
        assertTrue(error.getMessage().startsWith("cannot read a value from a shared object"), error.getMessage());
    }

    private static Object roundTrip(Object value) {
        return HostedClient.deserialize(HostedClient.serialize(value), LOADER);
    }
}
