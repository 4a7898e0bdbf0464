#include "app/study_manifest.hpp"

#include <algorithm>

#include "app/headline.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim::cli {

std::vector<std::pair<std::string, std::string>> study_manifest_rows(const std::vector<Scenario>& scenarios,
                                                                     const std::vector<std::string>& labels) {
    std::vector<std::pair<std::string, std::string>> rows;
    if (scenarios.empty()) return rows;
    const Scenario& base = scenarios.front();
    rows.emplace_back("version", CREDITSIM_VERSION);
    rows.emplace_back("scenario", base.file);
    rows.emplace_back("name", base.name);
    rows.emplace_back("seed", std::to_string(base.seed));
    rows.emplace_back("replications", std::to_string(base.replications));
    std::vector<std::string> inputs;
    for (size_t s = 0; s < scenarios.size(); ++s) {
        const Scenario& scenario = scenarios[s];
        std::string resolved_text;  // hashed as `creditsim run` hashes it
        for (const auto& [key, value] : scenario.resolved) resolved_text += key + "=" + value + "\n";
        const std::string label = s < labels.size() ? labels[s] : scenario.name;
        rows.emplace_back("scenario_hash:" + label, hash_text(resolved_text));
        std::vector<std::string> files{scenario.catalog_file};
        if (scenario.source == PopulationSource::files)
            files.insert(files.end(), {scenario.partners_file, scenario.users_file, scenario.actions_file,
                                       scenario.usage_file});
        for (const std::string& file : files)
            if (!file.empty() && std::find(inputs.begin(), inputs.end(), file) == inputs.end()) inputs.push_back(file);
    }
    for (const std::string& file : inputs) rows.emplace_back("input:" + file, hash_file(file));
    return rows;
}

}  // namespace creditsim::cli
