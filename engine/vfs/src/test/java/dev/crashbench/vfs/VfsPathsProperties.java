package dev.crashbench.vfs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class VfsPathsProperties {

    @Property(tries = 200)
    void joinOfParentAndNameGivesThePathBack(@ForAll("paths") String path) {
        assertSame(path, VfsPaths.check(path));
        assertEquals(path, VfsPaths.join(VfsPaths.parent(path), VfsPaths.name(path)));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("abc.-_").ofMinLength(1).ofMaxLength(4)
                .filter(s -> !s.equals(".") && !s.equals(".."));
        return segment.list().ofMinSize(1).ofMaxSize(4).map(list -> String.join("/", list));
    }
}
