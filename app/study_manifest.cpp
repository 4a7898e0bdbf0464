#include "app/study_manifest.hpp"

#include <algorithm>

#include "app/cluster/cluster.hpp"
#include "app/manifest_rows.hpp"
#include "sim/support/sha256.hpp"

namespace creditsim::cli {

std::vector<std::pair<std::string, std::string>> study_manifest_rows(const std::vector<Scenario>& scenarios,
                                                                     const std::vector<std::string>& labels,
                                                                     int threads) {
    if (scenarios.empty()) return {};
    const Scenario& base = scenarios.front();
    ManifestRows rows = manifest_head(base, base.replications);
    std::vector<std::string> inputs;
    for (size_t s = 0; s < scenarios.size(); ++s) {
        const Scenario& scenario = scenarios[s];
        const std::string label = s < labels.size() ? labels[s] : scenario.name;
        // Hashed as `creditsim run` of that scenario hashes it.
        rows.emplace_back("scenario_hash:" + label, scenario_hash(portable_resolved(scenario)));
        std::vector<std::string> files{scenario.catalog_file};
        if (scenario.source == PopulationSource::files)
            files.insert(files.end(), {scenario.partners_file, scenario.users_file, scenario.actions_file,
                                       scenario.usage_file});
        for (const std::string& file : files)
            if (!file.empty() && std::find(inputs.begin(), inputs.end(), file) == inputs.end()) inputs.push_back(file);
    }
    std::vector<std::pair<std::string, std::string>> hashes;
    for (const std::string& file : inputs) hashes.emplace_back(file, sha256_file(file));
    const ManifestRows input = input_rows(scenario_folder(base), hashes);
    rows.insert(rows.end(), input.begin(), input.end());
    rows.emplace_back("threads", std::to_string(threads));
    rows.emplace_back("ranks", std::to_string(cluster::ranks()));  // of an MPI run (docs/SCALING.md)
    return rows;
}

}  // namespace creditsim::cli
