package dev.crashbench.recovery.junit;

import dev.crashbench.recovery.explore.Budget;
import dev.crashbench.recovery.explore.Campaign;
import dev.crashbench.recovery.explore.Exploration;
import dev.crashbench.recovery.explore.FaultFamily;
import dev.crashbench.recovery.explore.Found;
import dev.crashbench.recovery.explore.Target;
import dev.crashbench.recovery.explore.Tier;
import dev.crashbench.recovery.property.ReplayFiles;
import dev.crashbench.recovery.workload.WorkloadGenerator;
import dev.crashbench.spi.EngineConfiguration;
import dev.crashbench.spi.EngineUnderTest;
import dev.crashbench.vfs.DiskModel;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the campaign a {@link CrashCampaign} test asks for before the test's body, and fails the
 * test at the first violation, after writing its replay file under
 * {@code target/crashbench-replays/} ({@link ReplayFiles}). The campaign is the CLI's
 * ({@link Campaign}) with the worst-case disk model and the default workload shape; its budget is
 * a number of states only, so the wall clock decides nothing. A clean campaign's
 * {@link Exploration} is the body's parameter, if it asks for one.
 */
public final class CrashCampaignExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CrashCampaignExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        CrashCampaign spec = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), CrashCampaign.class)
                .orElseThrow(() -> new IllegalStateException("CrashCampaignExtension runs on @CrashCampaign methods"));
        EngineConfiguration engine = instantiate(spec.engine()).configure(spec.options());
        Campaign campaign = new Campaign(new Target(engine, DiskModel.WORST_CASE), spec.seed(),
                spec.tiers().length == 0 ? EnumSet.allOf(Tier.class) : Set.of(spec.tiers()),
                spec.faults().length == 0 ? EnumSet.allOf(FaultFamily.class) : Set.of(spec.faults()),
                WorkloadGenerator.DEFAULT, 0, 1, Budget.states(spec.states()).stoppingAtFirst(true));
        // The clock only times the run for its listener; a states-only budget never reads it to stop.
        Exploration exploration = campaign.run(event -> { }, System::nanoTime);
        if (!exploration.found().isEmpty()) {
            Found found = exploration.found().get(0);
            String suite = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
            throw new CrashCampaignFailure("crash campaign " + describe(engine, spec) + " after "
                    + exploration.statesChecked() + " states",
                    found, ReplayFiles.write(suite, found.violation(), found.crashCase()));
        }
        context.getStore(NAMESPACE).put(Exploration.class, exploration);
    }

    private static String describe(EngineConfiguration engine, CrashCampaign spec) {
        return "on " + engine.describe() + " (seed " + spec.seed() + ", tiers "
                + (spec.tiers().length == 0 ? "all" : Arrays.toString(spec.tiers())) + ", faults "
                + (spec.faults().length == 0 ? "all" : Arrays.toString(spec.faults())) + ")";
    }

    private static EngineUnderTest instantiate(Class<? extends EngineUnderTest> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException("@CrashCampaign needs an engine class with a public no-argument"
                    + " constructor: " + type.getName(), e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the engine's constructor failed: " + type.getName(), e.getCause());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Exploration.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Exploration.class, Exploration.class);
    }
}
