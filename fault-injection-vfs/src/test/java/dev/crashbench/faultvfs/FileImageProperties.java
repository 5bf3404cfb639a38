package dev.crashbench.faultvfs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A {@link FileImage} behaves like a plain growable byte array under writes, truncates and bit
 * flips, and copies taken at any point stay independent: chunk and page sharing never leaks a
 * write from one copy into another.
 */
class FileImageProperties {
    private static final long SPAN = 3L * FileImage.CHUNK_PAGES * FileImage.PAGE_SIZE;

    /** One step on one of the live images: index picks the image (copies are appended). */
    record Step(int image, String kind, long offset, int length, byte fill) {
    }

    @Property(tries = 200)
    void imagesMatchAByteArrayModelAndCopiesStayIndependent(@ForAll("steps") @Size(max = 40) List<Step> steps) {
        List<FileImage> images = new ArrayList<>(List.of(new FileImage()));
        List<byte[]> models = new ArrayList<>(List.of(new byte[0]));
        for (Step s : steps) {
            int i = s.image() % images.size();
            FileImage image = images.get(i);
            byte[] model = models.get(i);
            switch (s.kind()) {
                case "write" -> {
                    byte[] data = new byte[s.length()];
                    Arrays.fill(data, s.fill());
                    image.write(s.offset(), data, 0, data.length);
                    long end = s.offset() + data.length;
                    if (end > model.length) {
                        model = Arrays.copyOf(model, (int) end);
                    }
                    System.arraycopy(data, 0, model, (int) s.offset(), data.length);
                }
                case "truncate" -> {
                    image.truncate(s.offset());
                    model = Arrays.copyOf(model, (int) s.offset());
                }
                case "xor" -> {
                    if (model.length > 0) {
                        long at = s.offset() % model.length;
                        image.xor(at, s.fill() == 0 ? 1 : s.fill());
                        model[(int) at] ^= s.fill() == 0 ? 1 : s.fill();
                    }
                }
                default -> {
                    images.add(image.copy());
                    models.add(model.clone());
                }
            }
            models.set(i, model);
            for (int k = 0; k < images.size(); k++) {
                assertEquals(models.get(k).length, images.get(k).size(), "size of image " + k + " after " + s);
            }
        }
        for (int k = 0; k < images.size(); k++) {
            FileImage image = images.get(k);
            assertArrayEquals(models.get(k), image.readBytes(0, (int) image.size()), "content of image " + k);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> image = Arbitraries.integers().between(0, 7);
        Arbitrary<Long> offset = Arbitraries.longs().between(0, SPAN).edgeCases(e -> e.includeOnly(
                0L, (long) FileImage.PAGE_SIZE, (long) FileImage.CHUNK_PAGES * FileImage.PAGE_SIZE, SPAN));
        Arbitrary<Integer> length = Arbitraries.integers().between(1, 3 * FileImage.PAGE_SIZE);
        Arbitrary<String> kind = Arbitraries.of("write", "write", "write", "truncate", "xor", "copy");
        return Combinators.combine(image, kind, offset, length, Arbitraries.bytes()).as(Step::new).list();
    }
}
