#pragma once
// A replay Scenario whose five input files sit in one folder, for reader tests.

#include <filesystem>
#include <string>

#include "sim/inputs/scenario.hpp"

namespace creditsim::testing {

inline Scenario replay_scenario_in(const std::filesystem::path& dir, const std::string& name, Date start, int months) {
    auto path = [&](const char* file) { return (dir / file).string(); };
    Scenario s;
    s.file = path("scenario.ini");
    s.name = name;
    s.start = start;
    s.months = months;
    s.source = PopulationSource::files;
    s.catalog_file = path("catalog.csv");
    s.partners_file = path("partners.csv");
    s.users_file = path("users.csv");
    s.actions_file = path("actions.csv");
    s.usage_file = path("usage.csv");
    return s;
}

}  // namespace creditsim::testing
