package dev.crashbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionTextTest {
    @Test
    void parsesInOrderAndFormatsBack() {
        Map<String, String> options = OptionText.parse(" durability = normal,group_commit=true ");
        assertEquals(List.of("durability", "group_commit"), List.copyOf(options.keySet()));
        assertEquals("normal", options.get("durability"));
        assertEquals("durability=normal,group_commit=true", OptionText.format(options));
        assertEquals(options, OptionText.parse(OptionText.format(options)));
    }

    @Test
    void emptyTextIsNoOptions() {
        assertTrue(OptionText.parse("").isEmpty());
        assertTrue(OptionText.parse(null).isEmpty());
    }

    @Test
    void rejectsWhatIsNotKeyEqualsValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionText.parse("durability"))
                .getMessage().contains("'durability' is not key=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionText.parse("a=1,,b=2"))
                .getMessage().contains("is not key=value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionText.parse("=full"))
                .getMessage().contains("has no key"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptionText.parse("a=1,a=2"))
                .getMessage().contains("'a' is given twice"));
    }

    @Test
    void unknownKeyNamesItAndListsTheKnownOnes() {
        String message = OptionText.unknownKey("toy", "durabilty", List.of("durability", "cache")).getMessage();
        assertEquals("unknown option 'durabilty' for engine 'toy'; known: durability, cache", message);
    }
}
