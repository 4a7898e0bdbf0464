#include "sim/inputs/ini_text.hpp"

namespace creditsim::detail {

std::string_view trim_blanks(std::string_view text) {
    constexpr std::string_view kBlanks = " \t\r";
    const size_t first = text.find_first_not_of(kBlanks);
    if (first == std::string_view::npos) return {};
    const size_t last = text.find_last_not_of(kBlanks);
    return text.substr(first, last - first + 1);
}

namespace {

// `;` and `#` both start a comment anywhere on a line: no scenario value
// (names, numbers, paths, domains) needs either character.
std::string_view strip_comment(std::string_view line) {
    const size_t comment = line.find_first_of(";#");
    return trim_blanks(comment == std::string_view::npos ? line : line.substr(0, comment));
}

std::string_view strip_byte_order_mark(std::string_view text) {
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    return text.substr(0, kBom.size()) == kBom ? text.substr(kBom.size()) : text;
}

void report_bad_line(std::string_view line, const std::string& file, int line_number, ProblemList& problems) {
    problems.add(file, line_number, "",
                 "expected \"[section]\" or \"key = value\"; got \"" + std::string(line) + "\"");
}

// Cleans one non-empty, comment-free line; returns what Boost should see ("" to skip it).
std::string clean_line(std::string_view line, const std::string& file, int line_number, std::string& section,
                       IniText& out, ProblemList& problems) {
    if (line.front() == '[') {
        const std::string_view name = line.back() == ']' ? trim_blanks(line.substr(1, line.size() - 2)) : "";
        // Boost would read "[]" as an empty prefix (undefined behaviour) and "[a b" as a key line.
        if (line.back() != ']' || name.empty()) {
            report_bad_line(line, file, line_number, problems);
            return "";
        }
        section = std::string(name);
        out.sections.push_back(IniSection{section, line_number});
        return "[" + section + "]";
    }
    const size_t equals = line.find('=');
    const std::string_view key = equals == std::string_view::npos ? "" : trim_blanks(line.substr(0, equals));
    if (key.empty()) {
        report_bad_line(line, file, line_number, problems);
        return "";
    }
    const std::string_view value = trim_blanks(line.substr(equals + 1));
    const std::string full_key = section.empty() ? std::string(key) : section + "." + std::string(key);
    out.entries.push_back(IniEntry{section, full_key, line_number});
    return std::string(key) + "=" + std::string(value);
}

}  // namespace

IniText clean_ini_text(std::string_view text, const std::string& file, ProblemList& problems) {
    IniText out;
    std::string section;
    std::string_view rest = strip_byte_order_mark(text);
    for (int line_number = 1; !rest.empty(); ++line_number) {
        const size_t newline = rest.find('\n');
        const std::string_view raw = rest.substr(0, newline);
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
        const std::string_view line = strip_comment(raw);
        if (!line.empty()) out.cleaned += clean_line(line, file, line_number, section, out, problems);
        out.cleaned += '\n';
    }
    return out;
}

}  // namespace creditsim::detail
