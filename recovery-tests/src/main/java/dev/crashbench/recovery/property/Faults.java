package dev.crashbench.recovery.property;

import dev.crashbench.recovery.explore.FaultFamily;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** On a {@code @ForAll FaultDraw} parameter: the family whose faults the draws inject. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Faults {
    FaultFamily value();
}
