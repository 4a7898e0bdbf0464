#include "sim/inputs/csv/utf8_check.hpp"

#include <cstdint>
#include <cstring>

namespace creditsim::csv {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ull;
constexpr uint64_t kLowBits = 0x0101010101010101ull;

/// Whether the 8 bytes are ASCII without NUL: inputs are nearly all ASCII, checked a word at a time.
bool is_plain_ascii(const char* bytes) {
    uint64_t word;
    std::memcpy(&word, bytes, sizeof word);
    const uint64_t has_zero = (word - kLowBits) & ~word & kHighBits;
    return ((word & kHighBits) | has_zero) == 0;
}

/// The length of the sequence a lead byte starts and the range of its second byte
/// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF); 0 for a bad lead.
int sequence_length(unsigned char lead, unsigned char& second_min, unsigned char& second_max) {
    second_min = 0x80;
    second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (lead == 0xE0) second_min = 0xA0;
        if (lead == 0xED) second_max = 0x9F;
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (lead == 0xF0) second_min = 0x90;
        if (lead == 0xF4) second_max = 0x8F;
        return 4;
    }
    return 0;
}

}  // namespace

Utf8Check check_utf8(std::string_view bytes, bool is_final) {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const size_t size = bytes.size();
    size_t i = 0;
    while (i < size) {
        if (i + 8 <= size && is_plain_ascii(bytes.data() + i)) {
            i += 8;
            continue;
        }
        const unsigned char lead = data[i];
        if (lead == 0) return {i, true};
        if (lead < 0x80) {
            ++i;
            continue;
        }
        unsigned char second_min, second_max;
        const int length = sequence_length(lead, second_min, second_max);
        if (length == 0) return {i, true};
        for (int k = 1; k < length; ++k) {
            if (i + size_t(k) == size) return {i, is_final};
            const unsigned char next = data[i + size_t(k)];
            const unsigned char min = k == 1 ? second_min : 0x80, max = k == 1 ? second_max : 0xBF;
            if (next < min || next > max) return {i, true};
        }
        i += size_t(length);
    }
    return {size, false};
}

bool looks_like_utf16(std::string_view start) {
    if (start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF")) return true;
    // "d\0a\0" or "\0d\0a": ASCII text in UTF-16 without a byte order mark.
    return start.size() >= 4 && ((start[1] == '\0' && start[3] == '\0' && start[0] != '\0') ||
                                 (start[0] == '\0' && start[2] == '\0' && start[1] != '\0'));
}

}  // namespace creditsim::csv
