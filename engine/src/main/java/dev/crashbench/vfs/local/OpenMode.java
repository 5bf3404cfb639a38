package dev.crashbench.vfs.local;

import dev.crashbench.vfs.OpenOption;

/** The {@link OpenOption}s of one {@link LocalVfs#open} call, folded into flags. */
record OpenMode(boolean create, boolean createNew, boolean readOnly, boolean dsync) {

    static OpenMode of(OpenOption... options) {
        boolean create = false;
        boolean createNew = false;
        boolean readOnly = false;
        boolean dsync = false;
        for (OpenOption option : options) {
            switch (option) {
                case CREATE -> create = true;
                case CREATE_NEW -> createNew = true;
                case READ_ONLY -> readOnly = true;
                case DSYNC -> dsync = true;
            }
        }
        return new OpenMode(create, createNew, readOnly, dsync);
    }
}
