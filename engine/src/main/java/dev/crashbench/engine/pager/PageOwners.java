package dev.crashbench.engine.pager;

import dev.crashbench.engine.IntegrityProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookkeeping of an integrity check: which structure claims each page, and every problem found
 * along the way, typed (see {@link IntegrityProblem.Kind}). A page claimed twice, a page out of
 * range, and (at the end) a page nobody claimed are inconsistencies; a page that could not be read
 * is corruption. Problems are sentences that name the page.
 */
public final class PageOwners {
    private final int pageCount;
    private final Map<Integer, String> owners = new HashMap<>();
    private final Set<Integer> unreadable = new HashSet<>();
    private final List<IntegrityProblem> problems = new ArrayList<>();

    public PageOwners(int pageCount) {
        this.pageCount = pageCount;
    }

    /**
     * Records that {@code owner} uses {@code pageId}. Returns false, after recording an
     * inconsistency, when the page is out of range or already claimed; the caller should then not
     * descend into it (a cycle would otherwise never end).
     */
    public boolean claim(int pageId, String owner) {
        if (pageId <= 0 || pageId >= pageCount) {
            inconsistency(owner + " refers to page " + pageId + ", outside 1.." + (pageCount - 1));
            return false;
        }
        String previous = owners.putIfAbsent(pageId, owner);
        if (previous != null) {
            inconsistency("page " + pageId + " is claimed by both " + previous + " and " + owner);
            return false;
        }
        return true;
    }

    /** Pages that verify on their own but disagree with each other, or with the header. */
    public void inconsistency(String sentence) {
        problems.add(IntegrityProblem.inconsistency(sentence));
    }

    /** Bytes that fail their own verification, not tied to one page (a record inside a page, a digest). */
    public void corruption(String sentence) {
        problems.add(IntegrityProblem.corruption(sentence));
    }

    /** Page {@code pageId} could not be read: it fails its checksum or its format checks. */
    public void unreadable(int pageId, String sentence) {
        unreadable.add(pageId);
        corruption(sentence);
    }

    /** Whether a failure to read {@code pageId} was already recorded. */
    public boolean isUnreadable(int pageId) {
        return unreadable.contains(pageId);
    }

    /** Pages 1..pageCount-1 that nothing claimed, each reported as an inconsistency; then all problems. */
    public List<IntegrityProblem> finish() {
        for (int page = 1; page < pageCount; page++) {
            if (!owners.containsKey(page)) {
                inconsistency("page " + page + " is neither in use nor on the free list");
            }
        }
        return List.copyOf(problems);
    }

    public List<IntegrityProblem> problemsSoFar() {
        return List.copyOf(problems);
    }
}
