package dev.crashbench.engine.pager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of an integrity check: which structure claims each page, and every problem found
 * along the way. A page claimed twice, a page out of range, and (at the end) a page nobody claimed
 * are all problems. Problems are plain sentences that name the page.
 */
public final class PageOwners {
    private final int pageCount;
    private final Map<Integer, String> owners = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    public PageOwners(int pageCount) {
        this.pageCount = pageCount;
    }

    /**
     * Records that {@code owner} uses {@code pageId}. Returns false, after recording a problem, when
     * the page is out of range or already claimed; the caller should then not descend into it (a
     * cycle would otherwise never end).
     */
    public boolean claim(int pageId, String owner) {
        if (pageId <= 0 || pageId >= pageCount) {
            problems.add(owner + " refers to page " + pageId + ", outside 1.." + (pageCount - 1));
            return false;
        }
        String previous = owners.putIfAbsent(pageId, owner);
        if (previous != null) {
            problems.add("page " + pageId + " is claimed by both " + previous + " and " + owner);
            return false;
        }
        return true;
    }

    public void problem(String sentence) {
        problems.add(sentence);
    }

    /** Pages 1..pageCount-1 that nothing claimed, each reported as a problem; then all problems. */
    public List<String> finish() {
        for (int page = 1; page < pageCount; page++) {
            if (!owners.containsKey(page)) {
                problems.add("page " + page + " is neither in use nor on the free list");
            }
        }
        return List.copyOf(problems);
    }

    public List<String> problemsSoFar() {
        return List.copyOf(problems);
    }
}
