package dev.crashbench.engine.pager;

/**
 * A page on the free list. The list is a chain through the free pages themselves, its head and
 * length kept in the {@link DbHeader}; a page is pushed when a tree releases it and popped (and
 * zeroed) when one is allocated.
 *
 * <table>
 *   <caption>Free page (little-endian)</caption>
 *   <tr><th>offset</th><th>size</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>1</td><td>{@link Page#TYPE_FREE}</td></tr>
 *   <tr><td>1</td><td>3</td><td>zero</td></tr>
 *   <tr><td>4</td><td>4</td><td>next free page, 0 at the end of the list</td></tr>
 *   <tr><td>8</td><td>4084</td><td>zero</td></tr>
 *   <tr><td>4092</td><td>4</td><td>page checksum</td></tr>
 * </table>
 */
public final class FreePage {
    public static final int OFFSET_NEXT = 4;

    private FreePage() {
    }

    /** Turns {@code image} into a free page linking to {@code next}. */
    public static void format(byte[] image, int next) {
        java.util.Arrays.fill(image, 0, Page.USABLE_SIZE, (byte) 0);
        image[0] = Page.TYPE_FREE;
        PageBytes.putInt(image, OFFSET_NEXT, next);
    }

    public static boolean isFree(byte[] image) {
        return image[0] == Page.TYPE_FREE;
    }

    public static int next(byte[] image) {
        return PageBytes.getInt(image, OFFSET_NEXT);
    }
}
