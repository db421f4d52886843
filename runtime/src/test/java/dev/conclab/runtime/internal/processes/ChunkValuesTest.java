package dev.conclab.runtime.internal.processes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.conclab.runtime.serial.RefusedObjectException;
import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A map's inputs and results arrive as they were sent, whether in bytes of their own or Java-serialized. */
class ChunkValuesTest {
    @Test
    void plainValuesTravelInAFewBytesEachAndArriveEqual() throws Exception {
        List<Object> values = Arrays.asList(1, -7L, 2.5, true, null, "", "h\u00e9llo \ud83d\ude00", "half \ud83d");
        byte[] bytes = ChunkValues.encode(values);
        assertTrue(bytes.length < 100, "no Java serialization: " + bytes.length + " bytes");
        assertEquals(values, ChunkValues.decode(bytes, "a test", null));
    }

    @Test
    void bytesThatEndTooSoonAreRefusedSayingSo() throws Exception {
        byte[] bytes = ChunkValues.encode(List.of(1, "two", 3L));
        IOException failure = assertThrows(IOException.class,
                () -> ChunkValues.decode(Arrays.copyOf(bytes, bytes.length - 3), "a test", null));
        assertTrue(failure.getMessage().contains("end too soon"), failure.getMessage());
    }

    @Test
    void otherValuesAreJavaSerializedAndFiltered() throws Exception {
        List<Object> values = List.of(1, List.of("a", "b"), 'c');
        assertEquals(values, ChunkValues.decode(ChunkValues.encode(values), "a test", null));
        byte[] file = ChunkValues.encode(List.of(new File("notes.txt")));
        RefusedObjectException refused = assertThrows(RefusedObjectException.class, () -> ChunkValues.decode(file, "a test", null));
        assertTrue(refused.getMessage().contains("java.io.File"), refused.getMessage());
    }
}
