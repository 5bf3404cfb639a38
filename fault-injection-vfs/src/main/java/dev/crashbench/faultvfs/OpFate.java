package dev.crashbench.faultvfs;

import java.util.List;

/** What a power cut does to one pending operation. */
public sealed interface OpFate {

    String describe();

    /** The operation never reached the disk. */
    record Lost() implements OpFate {
        public String describe() {
            return "lost";
        }
    }

    /** The operation reached the disk whole. */
    record Kept() implements OpFate {
        public String describe() {
            return "kept";
        }
    }

    /**
     * A write reached the disk in part: one fate per tear unit it overlaps, in file order
     * (see {@link TornWrite#unitCount}).
     */
    record Torn(List<SectorFate> units) implements OpFate {
        public Torn {
            units = List.copyOf(units);
            if (units.isEmpty()) {
                throw new IllegalArgumentException("a torn write needs at least one unit fate");
            }
        }

        public String describe() {
            StringBuilder sb = new StringBuilder("torn [");
            for (SectorFate f : units) {
                sb.append(f.name().charAt(0));
            }
            return sb.append(']').toString();
        }
    }

    OpFate LOST = new Lost();
    OpFate KEPT = new Kept();
}
