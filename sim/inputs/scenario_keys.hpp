#pragma once
// The one declarative table of scenario sections and keys (SPEC section 5):
// type, bounds or allowed values, default, one-line meaning, and where the
// value goes in Scenario. A new section is a few more rows.

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.hpp"
#include "model/decimal.hpp"
#include "sim/inputs/scenario.hpp"

namespace creditsim::detail {

enum class KeyKind {
    text,             ///< any non-empty text, kept as written
    path,             ///< a file path, resolved against a directory
    date,             ///< YYYY-MM-DD
    whole_number,     ///< int64 in [min, max]
    unsigned_number,  ///< uint64
    boolean,          ///< true | false
    choice,           ///< one of `choices`
    fraction,         ///< exact decimal in [0, 1]
    domain_list,      ///< comma-separated e-mail domains, lower-cased
    real,             ///< finite double in [real_min, real_max]; feeds random draws, never money
    real_list,        ///< exactly list_size comma-separated reals, each in [real_min, real_max]
    auto_boolean,     ///< auto | true | false; the loader resolves auto (is_auto_report_on)
    currency,         ///< an ISO 4217 alphabetic code: three upper-case letters
};

/// A parsed value: `text` is what resolved.ini writes; the field of the kind holds the value.
struct KeyValue {
    std::string text;
    int64_t number = 0;  ///< whole_number; for choice, the index into choices
    uint64_t unsigned_number = 0;
    bool flag = false;    ///< boolean, auto_boolean
    bool is_auto = false;  ///< auto_boolean set to auto (until the loader resolves it)
    double real = 0;       ///< real
    std::vector<double> reals;  ///< real_list
    Date date;
    ExactDecimal decimal;
    std::vector<std::string> items;  ///< domain_list
};

struct SectionRow {
    const char* name;
    const char* meaning;
};

struct KeyRow {
    const char* section;
    const char* key;
    KeyKind kind;
    /// Default as a file would write it; nullptr when the loader computes it (see default_note).
    const char* default_text;
    const char* meaning;
    // Every number row states its upper bound (docs/INPUTS.md, "Bounds"): a row that
    // forgets it accepts nothing above 0, and its default fails to load at once.
    int64_t min = 0;          ///< whole_number only
    int64_t max = 0;          ///< whole_number only
    double real_min = 0;      ///< real and real_list only
    double real_max = 0;      ///< real and real_list only
    size_t list_size = 0;                ///< real_list only: how many values exactly
    /// choice only, in the order of the enum the value maps to.
    std::vector<const char*> choices = {};
    /// Shown instead of default_text by the help when the default is not a constant.
    const char* default_note = nullptr;
    /// Stores the value into the scenario; nullptr for keys the loader handles (run.base).
    void (*apply)(Scenario&, const KeyValue&) = nullptr;

    /// "section.key".
    std::string full_name() const { return std::string(section) + "." + key; }
};

/// Every section, in help order.
const std::vector<SectionRow>& scenario_sections();
/// Every key, in declaration order (the order of Scenario::resolved).
const std::vector<KeyRow>& scenario_keys();

/// The row of "section.key", or nullptr.
const KeyRow* find_key(std::string_view full_name);
/// Whether a section of that name is declared.
bool is_declared_section(std::string_view name);

/// The declared "section.key" nearest to a misspelt one, when one is near.
std::optional<std::string> closest_key(std::string_view wrong);
/// The declared section nearest to a misspelt one, when one is near.
std::optional<std::string> closest_section(std::string_view wrong);

/// Parses raw text for row; paths are resolved against base_dir (absolute).
/// On failure returns nullopt and sets error ("expected ...; got \"...\"").
std::optional<KeyValue> parse_key_value(const KeyRow& row, std::string_view raw,
                                        const std::filesystem::path& base_dir, std::string& error);

/// What values the row accepts, for help and messages: "whole number 1..1200", "legacy | billing_profile".
std::string describe_type(const KeyRow& row);

/// The shortest text that reads back as exactly `value` (std::to_chars): 0.8, 14, 1e-05.
std::string real_text(double value);

/// base_dir / path made absolute and normalised (symlinks resolved where the path exists).
std::string resolve_path(const std::filesystem::path& base_dir, const std::filesystem::path& path);

}  // namespace creditsim::detail
