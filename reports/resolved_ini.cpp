#include "reports/resolved_ini.hpp"

#include "model/errors.hpp"

namespace creditsim {

void write_resolved_ini(CsvWriter& out, const std::vector<std::pair<std::string, std::string>>& resolved) {
    // '#' comments: the one comment syntax Boost.Program_Options' INI parser always strips.
    out.raw(
        "# Resolved scenario written by creditsim: every key with its final value.\n"
        "# Paths are relative to the scenario's folder: to run it again, copy this file\n"
        "# there and run the copy (creditsim run FOLDER/resolved.ini).\n");

    auto section_of = [](const std::string& name) {
        const size_t dot = name.find('.');
        return dot == std::string::npos ? std::string() : name.substr(0, dot);
    };
    // Sections in order of first appearance ("" = keys outside any section, written first).
    std::vector<std::string> sections;
    bool has_global_keys = false;
    for (const auto& [name, value] : resolved) {
        if (value.find_first_of("\r\n") != std::string::npos)
            throw Error("cannot write resolved.ini: the value of '" + name + "' contains a line break");
        const std::string section = section_of(name);
        if (section.empty()) {
            has_global_keys = true;
            continue;
        }
        bool seen = false;
        for (const auto& s : sections) seen = seen || s == section;
        if (!seen) sections.push_back(section);
    }
    if (has_global_keys) sections.insert(sections.begin(), std::string());

    for (const std::string& section : sections) {
        out.raw("\n");
        if (!section.empty()) out.raw("[").raw(section).raw("]\n");
        for (const auto& [name, value] : resolved) {
            if (section_of(name) != section) continue;
            const std::string key = section.empty() ? name : name.substr(section.size() + 1);
            out.raw(key).raw(value.empty() ? " =" : " = ").raw(value).raw("\n");
        }
    }
}

}  // namespace creditsim
