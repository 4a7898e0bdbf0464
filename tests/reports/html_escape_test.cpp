#include "reports/html/html_escape.hpp"

#include <gtest/gtest.h>

#include <random>

namespace creditsim::html {
namespace {

struct EscapeCase {
    std::string input, html, json, why;
};

// Table-driven: each row says why the text is dangerous or special.
const std::vector<EscapeCase> kCases = {
    {"baseline", "baseline", "\"baseline\"", "plain text is unchanged"},
    {"</script><script>alert(1)</script>", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
     "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\"",
     "a name that would close the data element and start a script"},
    {"<!-- x", "&lt;!-- x", "\"\\u003c!-- x\"", "a comment opener changes how a script element is parsed"},
    {"say \"hi\" & 'bye'", "say &quot;hi&quot; &amp; &#39;bye&#39;", "\"say \\\"hi\\\" \\u0026 'bye'\"",
     "quotes end attributes and JSON strings"},
    {"back\\slash", "back\\slash", "\"back\\\\slash\"", "a backslash starts a JSON escape"},
    {"Zürich € 東京", "Zürich € 東京", "\"Zürich € 東京\"", "non-ASCII stays as UTF-8 (the page is UTF-8)"},
    {"a\nb\tc\x01", "a\nb\tc\x01", "\"a\\nb\\tc\\u0001\"", "control characters are not allowed raw in JSON"},
    {"line\xE2\x80\xA8sep", "line\xE2\x80\xA8sep", "\"line\\u2028sep\"", "U+2028 ends a line in older JavaScript"},
    {"bad\xFF\xC0\xAF" "byte", "bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "byte",
     "\"bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "byte\"", "invalid and overlong UTF-8 become U+FFFD"},
    {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"",
     "a UTF-16 surrogate encoded in UTF-8 is invalid"},
};

TEST(HtmlEscape, EscapesEveryDangerousCharacter) {
    for (const EscapeCase& c : kCases) {
        SCOPED_TRACE(c.why);
        EXPECT_EQ(escape_html(c.input), c.html);
        EXPECT_EQ(json_string(c.input), c.json);
    }
}

// Property: whatever the bytes, the JSON literal holds no '<', '>', '&' or raw control
// character, is valid UTF-8, and has quotes only where escaped.
TEST(HtmlEscape, RandomBytesNeverLeaveTheirString) {
    const unsigned seed = 20261203;
    std::mt19937 random(seed);
    for (int trial = 0; trial < 2000; ++trial) {
        std::string input(size_t(random() % 24), '\0');
        for (char& c : input) c = char(random() % 256);
        const std::string json = json_string(input);
        const std::string html = escape_html(input);
        SCOPED_TRACE("seed " + std::to_string(seed) + ", trial " + std::to_string(trial));
        EXPECT_EQ(valid_utf8(json), json);
        EXPECT_EQ(json.find_first_of("<>&"), std::string::npos);
        EXPECT_EQ(html.find_first_of("<>\"'"), std::string::npos);
        for (size_t i = 1; i + 1 < json.size(); ++i) {
            EXPECT_GE(static_cast<unsigned char>(json[i]), 0x20) << i;
            if (json[i] == '"') {
                size_t backslashes = 0;
                for (size_t k = i; k > 0 && json[k - 1] == '\\'; --k) ++backslashes;
                EXPECT_EQ(backslashes % 2, 1u) << "an unescaped quote at " << i;
            }
        }
    }
}

TEST(HtmlEscape, ValidUtf8IsKept) {
    EXPECT_EQ(valid_utf8("Zürich € 東京 \xF0\x9F\x98\x80"), "Zürich € 東京 \xF0\x9F\x98\x80");
    EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD")
        << "above U+10FFFF";
}

}  // namespace
}  // namespace creditsim::html
