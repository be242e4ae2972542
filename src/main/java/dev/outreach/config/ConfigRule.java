package dev.outreach.config;

import java.util.List;

/**
 * One feature's start-up check of its own settings, for what single-property constraints
 * cannot express. Implementations are beans in their feature's package; {@link ConfigCheck}
 * gathers their problems and stops start-up naming each variable.
 */
public interface ConfigRule {

    /** What is wrong, each naming the variable an operator has to change; empty when all is well. */
    List<String> problems(OutreachConfig config);

    /**
     * The same checks of the settings an admin changes at run time, with the same messages,
     * each on the form's field; the start-up check runs them on the environment's values too.
     */
    default List<SettingProblem> problems(Operating operating) {
        return List.of();
    }
}
