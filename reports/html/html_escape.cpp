#include "reports/html/html_escape.hpp"

#include <cstdint>
#include <cstdio>

namespace creditsim::html {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// The length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one
/// (overlong forms, surrogates and values above U+10FFFF are invalid).
size_t utf8_sequence_length(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return uint8_t(text[k]); };
    const uint8_t lead = byte(i);
    if (lead < 0x80) return 1;
    size_t length = 0;
    uint32_t min_value = 0, value = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, min_value = 0x80, value = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, min_value = 0x800, value = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, min_value = 0x10000, value = lead & 0x07u;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0u) != 0x80u) return 0;
        value = (value << 6) | (byte(i + k) & 0x3Fu);
    }
    if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
    return length;
}

/// Calls emit(sequence) for each valid UTF-8 sequence of text, U+FFFD for each invalid byte.
template <typename Emit>
void for_each_character(std::string_view text, Emit&& emit) {
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            emit(kReplacement);
            ++i;
        } else {
            emit(text.substr(i, length));
            i += length;
        }
    }
}

void append_unicode_escape(std::string& out, unsigned code) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04x", code);
    out += buffer;
}

}  // namespace

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_character(text, [&](std::string_view c) {
        switch (c.front()) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    });
    return out;
}

std::string json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for_each_character(text, [&](std::string_view c) {
        const unsigned char first = static_cast<unsigned char>(c.front());
        if (c == "\xE2\x80\xA8" || c == "\xE2\x80\xA9") {  // line terminators in older JavaScript
            append_unicode_escape(out, c == "\xE2\x80\xA8" ? 0x2028 : 0x2029);
        } else if (c.size() > 1) {
            out += c;
        } else if (first == '"' || first == '\\') {
            out += '\\';
            out += char(first);
        } else if (first == '\n') {
            out += "\\n";
        } else if (first == '\t') {
            out += "\\t";
        } else if (first < 0x20 || first == 0x7F || first == '<' || first == '>' || first == '&') {
            append_unicode_escape(out, first);
        } else {
            out += char(first);
        }
    });
    out += '"';
    return out;
}

std::string valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for_each_character(text, [&](std::string_view c) { out += c; });
    return out;
}

}  // namespace creditsim::html
