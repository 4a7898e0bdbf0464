#include "sim/inputs/scenario.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "model/errors.hpp"
#include "sim/inputs/ini_text.hpp"
#include "sim/inputs/scenario_keys.hpp"

namespace creditsim {

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using detail::KeyRow;
using detail::KeyValue;
using detail::scenario_keys;

constexpr std::string_view kBaseKey = "run.base";
constexpr std::string_view kNameKey = "run.name";
/// The longest scenario file read (base files alike).
constexpr size_t kMaxScenarioBytes = size_t(1) << 20;

// Boost's view of the table: every key with its type (as the value name), default and meaning.
// Values stay text for Boost; the table's parsers type them so that every problem names its line.
const po::options_description& boost_options() {
    static const po::options_description options = [] {
        po::options_description description("scenario keys");
        for (const auto& row : scenario_keys()) {
            auto* semantic = po::value<std::string>()->value_name(detail::describe_type(row));
            if (row.default_text != nullptr) semantic->default_value(row.default_text);
            description.add_options()(row.full_name().c_str(), semantic, row.meaning);
        }
        return description;
    }();
    return options;
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

std::string key_where(const std::string& full_key) { return "key '" + full_key + "'"; }

// "; did you mean 'x'?" when a declared key is near, else what the section holds.
std::string unknown_key_hint(const std::string& full_key, const std::string& section) {
    if (auto near = detail::closest_key(full_key)) return "; did you mean '" + *near + "'?";
    if (section.empty() || !detail::is_declared_section(section)) return "; see creditsim run --help-scenario";
    std::string keys;
    for (const auto& row : scenario_keys())
        if (section == row.section) keys += (keys.empty() ? "" : ", ") + std::string(row.key);
    return "; [" + section + "] has " + keys;
}

std::string unknown_section_message(const std::string& section) {
    if (auto near = detail::closest_section(section)) return "unknown section; did you mean '[" + *near + "]'?";
    std::string sections;
    for (const auto& row : detail::scenario_sections())
        sections += (sections.empty() ? "" : ", ") + std::string("[") + row.name + "]";
    return "unknown section; expected one of " + sections;
}

size_t row_index(const KeyRow& row) { return size_t(&row - scenario_keys().data()); }

/// Where a file was named: by the command line (no file) or by a base key.
struct NamedBy {
    std::string file;
    int line = 0;
};

/// One known key set in one file.
struct FileEntry {
    const KeyRow* row = nullptr;
    std::string raw;
    int line = 0;
};

/// Reads one scenario: its base chain, then its own keys, then the overrides.
class ScenarioLoader {
public:
    explicit ScenarioLoader(std::string path) : path_(std::move(path)), values_(scenario_keys().size()) {}

    Scenario load(const std::vector<std::string>& overrides) {
        if (path_.empty()) {
            problems_.add("", 0, "", "expected a scenario file; got an empty path");
        } else {
            top_dir_ = fs::absolute(path_).lexically_normal().parent_path();
            load_file(path_, std::nullopt);
        }
        for (const auto& override_text : overrides) apply_override(override_text);
        problems_.throw_if_any();
        fill_defaults();
        Scenario scenario = build();
        check_calendar(scenario);
        return scenario;
    }

private:
    void load_file(const std::string& display, const std::optional<NamedBy>& named_by);
    std::optional<std::string> read_text(const std::string& display, const std::optional<NamedBy>& named_by);
    bool is_in_chain(const std::string& canonical, const std::string& display, const std::optional<NamedBy>& named_by);
    void report_unknown_sections(const detail::IniText& ini, const std::string& display);
    std::vector<FileEntry> parse_entries(const std::string& text, const std::string& display);
    void load_base(const FileEntry& base, const std::string& display);
    void assign(const FileEntry& entry, const std::string& display, const fs::path& dir);
    void apply_override(const std::string& override_text);
    void fill_defaults();
    Scenario build() const;
    void check_calendar(const Scenario& scenario) const;

    std::string path_;
    fs::path top_dir_;
    ProblemList problems_;
    std::vector<std::optional<KeyValue>> values_;  ///< by row index; the last assignment wins
    std::vector<std::string> chain_;               ///< canonical paths of the files being read
    std::vector<std::string> chain_display_;
};

void ScenarioLoader::load_file(const std::string& display, const std::optional<NamedBy>& named_by) {
    const std::string canonical = detail::resolve_path(fs::current_path(), display);
    if (is_in_chain(canonical, display, named_by)) return;
    const auto text = read_text(display, named_by);
    if (!text) return;
    const std::vector<FileEntry> entries = parse_entries(*text, display);
    chain_.push_back(canonical);
    chain_display_.push_back(display);
    // The base is read first so that every key of this file overrides it.
    for (const auto& entry : entries)
        if (entry.row->full_name() == kBaseKey) load_base(entry, display);
    const fs::path dir = fs::absolute(display).lexically_normal().parent_path();
    for (const auto& entry : entries)
        if (entry.row->full_name() != kBaseKey) assign(entry, display, dir);
    chain_.pop_back();
    chain_display_.pop_back();
}

// Only a base can close a cycle, so named_by is set whenever the chain holds the file.
bool ScenarioLoader::is_in_chain(const std::string& canonical, const std::string& display,
                                 const std::optional<NamedBy>& named_by) {
    for (size_t i = 0; i < chain_.size(); ++i) {
        if (chain_[i] != canonical) continue;
        std::string loop;
        for (size_t j = i; j < chain_display_.size(); ++j) loop += chain_display_[j] + " -> ";
        problems_.add(named_by->file, named_by->line, key_where(std::string(kBaseKey)),
                      "the base files form a cycle: " + loop + display);
        return true;
    }
    return false;
}

std::optional<std::string> ScenarioLoader::read_text(const std::string& display,
                                                     const std::optional<NamedBy>& named_by) {
    std::error_code error;
    const fs::file_status status = fs::status(display, error);
    std::string why;
    std::ifstream in;
    if (!fs::exists(status)) why = "not found";
    else if (fs::is_directory(status)) why = "is a directory";
    else if (in.open(display, std::ios::binary); !in) why = "cannot be opened";
    if (why.empty()) {
        // Read up to the limit and one byte more: a device such as /dev/zero (or a pipe
        // that never ends) has no size to check first, and would never end.
        std::string text(kMaxScenarioBytes + 1, '\0');
        in.read(text.data(), std::streamsize(text.size()));
        text.resize(size_t(in.gcount()));
        if (text.size() <= kMaxScenarioBytes) return text;
        why = "is longer than " + std::to_string(kMaxScenarioBytes / (1 << 20)) +
              " MiB: a scenario file is a few [section] and key = value lines";
    }
    if (named_by) problems_.add(named_by->file, named_by->line, key_where(std::string(kBaseKey)),
                                "base file " + quoted(display) + " " + why);
    else problems_.add(display, 0, "", "scenario file " + why);
    return std::nullopt;
}

void ScenarioLoader::report_unknown_sections(const detail::IniText& ini, const std::string& display) {
    for (const auto& section : ini.sections)
        if (!detail::is_declared_section(section.name))
            problems_.add(display, section.line, "section '[" + section.name + "]'",
                          unknown_section_message(section.name));
}

std::vector<FileEntry> ScenarioLoader::parse_entries(const std::string& text, const std::string& display) {
    const detail::IniText ini = detail::clean_ini_text(text, display, problems_);
    report_unknown_sections(ini, display);
    po::parsed_options parsed(&boost_options());
    try {
        std::istringstream cleaned(ini.cleaned);
        parsed = po::parse_config_file(cleaned, boost_options(), /*allow_unregistered=*/true);
    } catch (const po::error&) {
        // The cleaning above leaves Boost nothing to refuse; never show its raw message anyway.
        problems_.add(display, 0, "", "cannot be read as an INI file of [section] and key = value lines");
        return {};
    }
    CREDITSIM_ASSERT(parsed.options.size() == ini.entries.size(),
                     "Boost read " << parsed.options.size() << " keys, the cleaner " << ini.entries.size());
    std::vector<FileEntry> entries;
    std::map<const KeyRow*, int> first_line;
    for (size_t i = 0; i < ini.entries.size(); ++i) {
        const detail::IniEntry& at = ini.entries[i];
        const std::string raw = parsed.options[i].value.empty() ? "" : parsed.options[i].value.front();
        if (!at.section.empty() && !detail::is_declared_section(at.section)) continue;  // reported with its header
        const KeyRow* row = detail::find_key(at.full_key);
        if (row == nullptr) {
            const std::string what = at.section.empty() ? "key outside any [section]" : "unknown key";
            problems_.add(display, at.line, key_where(at.full_key), what + unknown_key_hint(at.full_key, at.section));
            continue;
        }
        const auto [first, is_first] = first_line.emplace(row, at.line);
        if (!is_first) {
            problems_.add(display, at.line, key_where(at.full_key),
                          "set twice in this file (first on line " + std::to_string(first->second) + ")");
            continue;
        }
        entries.push_back(FileEntry{row, raw, at.line});
    }
    return entries;
}

void ScenarioLoader::load_base(const FileEntry& base, const std::string& display) {
    if (base.raw.empty()) {
        problems_.add(display, base.line, key_where(std::string(kBaseKey)), "expected a file path; got \"\"");
        return;
    }
    // Named as the user would name it from here: relative to the naming file's directory.
    const std::string base_display = (fs::path(display).parent_path() / base.raw).lexically_normal().string();
    load_file(base_display, NamedBy{display, base.line});
}

void ScenarioLoader::assign(const FileEntry& entry, const std::string& display, const fs::path& dir) {
    std::string error;
    auto value = detail::parse_key_value(*entry.row, entry.raw, dir, error);
    if (!value) {
        problems_.add(display, entry.line, key_where(entry.row->full_name()), error);
        return;
    }
    values_[row_index(*entry.row)] = std::move(value);
}

void ScenarioLoader::apply_override(const std::string& override_text) {
    const std::string where = "--set '" + override_text + "'";
    const size_t equals = override_text.find('=');
    if (equals == std::string::npos) {
        problems_.add("", 0, where, "expected section.key=value; got no '='");
        return;
    }
    const std::string key(detail::trim_blanks(std::string_view(override_text).substr(0, equals)));
    const std::string raw(detail::trim_blanks(std::string_view(override_text).substr(equals + 1)));
    const KeyRow* row = detail::find_key(key);
    std::string error;
    if (key.find('.') == std::string::npos) {
        error = "expected section.key=value; got no section" + unknown_key_hint(key, "");
    } else if (row == nullptr) {
        error = "unknown key '" + key + "'" + unknown_key_hint(key, key.substr(0, key.find('.')));
    } else if (key == kBaseKey) {
        error = "run.base cannot be overridden: inheritance is read from the scenario files";
    } else if (auto value = detail::parse_key_value(*row, raw, fs::current_path(), error)) {
        values_[row_index(*row)] = std::move(value);
        return;
    }
    problems_.add("", 0, where, error);
}

void ScenarioLoader::fill_defaults() {
    for (const auto& row : scenario_keys()) {
        auto& value = values_[row_index(row)];
        const std::string name = row.full_name();
        if (value || name == kBaseKey) continue;
        if (name == kNameKey) {
            value = KeyValue{};
            value->text = fs::path(path_).stem().string();
            continue;
        }
        std::string error;
        // A path no file sets is relative to the scenario named on the command line.
        value = detail::parse_key_value(row, row.default_text, top_dir_, error);
        CREDITSIM_ASSERT(value, "default of " << name << " does not parse: " << error);
    }
}

// Two passes: `auto` depends on the population keys, so it is resolved once every other key is applied.
Scenario ScenarioLoader::build() const {
    Scenario scenario;
    scenario.file = path_;
    std::vector<std::optional<KeyValue>> final_values = values_;
    for (const auto& row : scenario_keys()) {
        const auto& value = final_values[row_index(row)];
        if (row.full_name() == kBaseKey) continue;
        CREDITSIM_ASSERT(value && row.apply, "no value or setter for " << row.full_name());
        if (!value->is_auto) row.apply(scenario, *value);
    }
    const bool is_auto_on = is_auto_report_on(scenario.source, scenario.partners, scenario.replications);
    for (const auto& row : scenario_keys()) {
        auto& value = final_values[row_index(row)];
        if (row.full_name() == kBaseKey || !value->is_auto) continue;
        value->is_auto = false;
        value->flag = is_auto_on;
        value->text = is_auto_on ? "true" : "false";
        row.apply(scenario, *value);
    }
    for (const auto& row : scenario_keys())
        if (row.full_name() != kBaseKey)
            scenario.resolved.emplace_back(row.full_name(), final_values[row_index(row)]->text);
    return scenario;
}

// Dates stop at 9999-12-31, and a credit of the run can live up to 100 years beyond its end
// (terms and validity up to 1200 months, windows and delays up to 36500 days): the run ends
// by 9900-01-01, or its later days would be written with a wrapped year.
void ScenarioLoader::check_calendar(const Scenario& scenario) const {
    const Date last_run_end = Date::from_ymd(9900, 1, 1);
    if (scenario.end_day() <= last_run_end) return;
    throw InputError({Problem{path_, 0, "keys 'run.start' and 'run.months'",
                              "the run [" + scenario.start.to_string() + ", " + scenario.end_day().to_string() +
                                  ") must end by " + last_run_end.to_string() +
                                  ": its credits live up to 100 years beyond it and dates stop at 9999-12-31"}});
}

// The help's first paragraphs; the auto limit is kAutoReportLimit's.
std::string help_intro() {
    return "A scenario file is an INI file: [section] headers and key = value lines; a comment\n"
           "starts with ; or # anywhere on a line. Every key is optional: the defaults are below.\n"
           "\n"
           "  inheritance  [run] base = other.ini reads other.ini (and its own base) first;\n"
           "               the keys of this file then override it. A base chain must not loop.\n"
           "  paths        a relative path is relative to the directory of the file that names\n"
           "               it; a path no file sets is relative to the directory of the scenario\n"
           "               file given on the command line.\n"
           "  --set        --set section.key=value overrides any key after all files are read\n"
           "               (repeatable, the last wins); a relative path in it is relative to the\n"
           "               current directory.\n"
           "  auto         [output] ledger, billing and events default to auto: on for a replay\n"
           "               (population.source = files) and for a generated population with\n"
           "               partners x replications <= " +
           std::to_string(kAutoReportLimit) +
           "; off above, where those reports\n"
           "               would dominate the run.\n"
           "\n"
           "Each run writes every key with its final value to resolved.ini (auto as true or\n"
           "false, reals in their shortest exact form, paths relative to the scenario's\n"
           "folder): that file alone, copied into the scenario's folder, repeats the run.\n";
}

}  // namespace

bool is_auto_report_on(PopulationSource source, int64_t partners, int replications) {
    if (source == PopulationSource::files) return true;
    // partners <= limit / replications is partners x replications <= limit, without overflow.
    return replications > 0 && partners <= kAutoReportLimit / replications;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
    return ScenarioLoader(path).load(overrides);
}

std::string scenario_help() {
    size_t width = 0;
    for (const auto& row : scenario_keys()) width = std::max(width, std::string_view(row.key).size());
    width += 2;
    std::ostringstream out;
    out << help_intro();
    for (const auto& section : detail::scenario_sections()) {
        out << "\n[" << section.name << "]  " << section.meaning << "\n";
        for (const auto& row : scenario_keys()) {
            if (std::string_view(row.section) != section.name) continue;
            const char* default_text = row.default_note != nullptr ? row.default_note : row.default_text;
            out << "  " << row.key << std::string(width - std::string_view(row.key).size(), ' ')
                << detail::describe_type(row) << "; default: " << default_text << "\n"
                << "  " << std::string(width, ' ') << row.meaning << "\n";
        }
    }
    return out.str();
}

}  // namespace creditsim
