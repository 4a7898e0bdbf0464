#include "sim/inputs/replay/replay_inputs.hpp"

#include "sim/inputs/replay/readers.hpp"

namespace creditsim {

ReplayInputs load_replay_inputs(const Scenario& scenario) {
    ReplayInputs inputs;
    ProblemList problems;
    detail::ReplayContext context{scenario, problems, inputs, {}, {}, false};

    // Order matters: each file is checked against the ones before it.
    inputs.population.catalog =
        detail::read_catalog(scenario.catalog_file, scenario.currency, problems, &context.catalog_gaps, &inputs.input_hashes);
    detail::read_partners(context);
    detail::read_users(context);
    detail::read_actions(context);
    detail::read_usage(context);

    problems.throw_if_any();
    return inputs;
}

}  // namespace creditsim
