#include "sim/inputs/csv/field_checks.hpp"

#include <algorithm>
#include <cctype>

namespace creditsim::detail {

std::string in_quotes(std::string_view text) {
    std::string result;
    result.reserve(text.size() + 2);
    result.push_back('"');
    result.append(text);
    result.push_back('"');
    return result;
}

std::string got(std::string_view text) { return text.empty() ? "got an empty field" : "got " + in_quotes(text); }

std::string_view trim_field(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<int> parse_whole_number(std::string_view text, int min_value, int max_value) {
    if (text.empty() || text.size() > 9) return std::nullopt;  // 9 digits always fit an int
    int value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < min_value || value > max_value) return std::nullopt;
    return value;
}

bool has_none_of(std::string_view text, std::string_view forbidden) {
    return text.find_first_of(forbidden) == std::string_view::npos;
}

std::string lower_case(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
    return lower;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

}  // namespace creditsim::detail
