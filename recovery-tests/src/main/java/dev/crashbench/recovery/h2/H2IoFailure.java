package dev.crashbench.recovery.h2;

import java.io.IOException;
import java.sql.SQLException;

/**
 * An {@link SQLException} of H2 crossing the engine-under-test SPI, whose calls throw
 * {@link IOException}; {@link H2EngineConfiguration#classify} reads its error code.
 */
final class H2IoFailure extends IOException {
    private static final long serialVersionUID = 1L;

    H2IoFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    SQLException h2() {
        return (SQLException) getCause();
    }
}
