#pragma once
// Prepares scenario INI text for Boost.Program_Options. Boost's config parser
// strips only `#` comments, keeps no line numbers and stops at the first bad
// line; scenario files also use `;` comments and every problem must name its
// line. So the text is cleaned here first: comments stripped, lines trimmed,
// bad lines reported and blanked, one output line per input line.

#include <string>
#include <string_view>
#include <vector>

#include "model/errors.hpp"

namespace creditsim::detail {

/// A `[section]` header as written (trimmed inside the brackets).
struct IniSection {
    std::string name;
    int line = 0;  ///< 1-based
};

/// A `key = value` line, named as Boost names it: "section.key" ("key" before any section).
struct IniEntry {
    std::string section;  ///< empty before the first header
    std::string full_key;
    int line = 0;  ///< 1-based
};

struct IniText {
    /// The cleaned text: same line count as the input, comments removed,
    /// `[section]` and `key=value` lines trimmed, malformed lines blank.
    std::string cleaned;
    std::vector<IniSection> sections;  ///< in file order
    std::vector<IniEntry> entries;     ///< in file order, the order Boost returns them
};

/// Cleans INI text; each malformed line becomes a problem of `file` at its line.
IniText clean_ini_text(std::string_view text, const std::string& file, ProblemList& problems);

/// text without leading and trailing spaces, tabs and carriage returns.
std::string_view trim_blanks(std::string_view text);

}  // namespace creditsim::detail
