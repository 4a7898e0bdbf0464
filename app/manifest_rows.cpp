#include "app/manifest_rows.hpp"

#include "app/build_info.hpp"
#include "sim/inputs/scenario_keys.hpp"
#include "sim/support/sha256.hpp"

namespace fs = std::filesystem;

namespace creditsim::cli {

fs::path scenario_folder(const Scenario& scenario) {
    // As the scenario's own paths are resolved: its folder as named, then symlinks resolved.
    return detail::resolve_path(fs::absolute(scenario.file).lexically_normal().parent_path(), ".");
}

std::string relative_path(const fs::path& folder, const std::string& path) {
    const fs::path relative = fs::path(path).lexically_relative(folder);
    // Empty only when one of them is not absolute: then the path is kept as given.
    return relative.empty() ? path : relative.generic_string();
}

ManifestRows portable_resolved(const Scenario& scenario) {
    const fs::path folder = scenario_folder(scenario);
    ManifestRows resolved = scenario.resolved;
    for (auto& [key, value] : resolved) {
        const detail::KeyRow* row = detail::find_key(key);
        if (row && row->kind == detail::KeyKind::path) value = relative_path(folder, value);
    }
    return resolved;
}

std::string scenario_hash(const ManifestRows& resolved) {
    Sha256 hash;
    for (const auto& [key, value] : resolved) hash.update(key + "=" + value + "\n");
    return hash.hex_digest();
}

ManifestRows manifest_head(const Scenario& scenario, int replications) {
    ManifestRows rows = build_rows();
    rows.emplace_back("scenario", fs::path(scenario.file).filename().string());
    rows.emplace_back("name", scenario.name);
    rows.emplace_back("seed", std::to_string(scenario.seed));
    rows.emplace_back("replications", std::to_string(replications));
    return rows;
}

ManifestRows input_rows(const fs::path& folder, const std::vector<std::pair<std::string, std::string>>& hashes) {
    ManifestRows rows;
    for (const auto& [file, hash] : hashes) rows.emplace_back("input:" + relative_path(folder, file), hash);
    return rows;
}

}  // namespace creditsim::cli
