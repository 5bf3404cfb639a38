package dev.crashbench.engine.pager;

/**
 * A structural check of a page image beyond its checksum (a b-tree node's cells, keys and
 * references), split in two so that a committed image is verified once while the
 * {@link PageCache} holds it: {@link #verifyOnce} checks everything that depends on the image
 * alone, and every visit then checks only that the pages it refers to exist in the visitor's
 * snapshot, which may have fewer pages than the one that verified it. The cache keeps the
 * verdict per class of check, so an implementation's verdict must depend on the image alone, not
 * on the state of the instance that reached it.
 */
public interface PageStructure {
    /**
     * Throws {@link dev.crashbench.engine.CorruptDatabaseException} unless {@code page} is well
     * formed, whatever the database's page count; returns the highest page id it refers to (0 when
     * it refers to none).
     */
    int verifyOnce(byte[] page, int pageId, PageAccess access) throws java.io.IOException;

    /**
     * The whole check against {@code access}'s page count, with its exact messages: for an image
     * that is not cached (a writer's own copy), and for a cached one whose references reach past
     * the visitor's page count.
     */
    void verify(byte[] page, int pageId, PageAccess access) throws java.io.IOException;
}
