#pragma once
// Text made safe for the two places an HTML report puts data: HTML text and
// attribute values, and JSON inside a <script> element. Whatever a scenario
// name or partner id holds (</script>, quotes, non-ASCII, invalid UTF-8), it
// comes out as that text and never as markup or code.

#include <string>
#include <string_view>

namespace creditsim::html {

/// The text with & < > " ' as character references: safe in element content and in
/// quoted attribute values. Invalid UTF-8 bytes become U+FFFD.
std::string escape_html(std::string_view text);

/// The text as a JSON string literal (with its quotes) that is also safe inside a
/// <script> element: < > & and U+2028/U+2029 as \u escapes, so "</script>" or
/// "<!--" cannot end or change the element; control characters escaped; other
/// non-ASCII kept as UTF-8; invalid UTF-8 bytes become U+FFFD.
std::string json_string(std::string_view text);

/// The text with every invalid UTF-8 sequence replaced by U+FFFD (valid text unchanged).
std::string valid_utf8(std::string_view text);

}  // namespace creditsim::html
