#pragma once
// Checks of single CSV fields shared by the replay input readers, and the
// wording of their messages: "expected <what>; got <field>".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace creditsim::detail {

/// The text between double quotes, as messages show a field's content.
std::string in_quotes(std::string_view text);

/// "got \"text\"", or "got an empty field".
std::string got(std::string_view text);

/// The text without leading and trailing spaces and tabs.
std::string_view trim_field(std::string_view text);

/// A whole number in [min_value, max_value] written with ASCII digits only
/// (no sign, no separators); nullopt for anything else.
std::optional<int> parse_whole_number(std::string_view text, int min_value, int max_value);

/// Whether text holds none of the characters of forbidden.
bool has_none_of(std::string_view text, std::string_view forbidden);

/// The text with ASCII letters in lower case.
std::string lower_case(std::string_view text);

/// Whether a and b are equal ignoring the case of ASCII letters.
bool equals_ignoring_case(std::string_view a, std::string_view b);

/// Hash for string maps looked up with string_view keys (no allocation per lookup).
struct StringViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

/// A map from ids to indices, looked up with string_view.
using StringIndex = std::unordered_map<std::string, uint32_t, StringViewHash, std::equal_to<>>;

}  // namespace creditsim::detail
