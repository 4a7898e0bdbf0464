#pragma once
// FNV-1a 64: the fingerprint of inputs and scenarios in manifest.csv.

#include <cstdint>
#include <string>
#include <string_view>

namespace creditsim {

constexpr uint64_t kFnv1aOffsetBasis = 0xcbf29ce484222325ull;

/// Continues an FNV-1a 64 hash over bytes (start from kFnv1aOffsetBasis).
inline uint64_t fnv1a64(uint64_t hash, std::string_view bytes) {
    for (unsigned char byte : bytes) {
        hash ^= byte;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

/// A hash as 16 lower-case hex digits.
inline std::string to_hex16(uint64_t hash) {
    static const char kHex[] = "0123456789abcdef";
    std::string text(16, '0');
    for (int i = 15; i >= 0; --i) text[size_t(15 - i)] = kHex[(hash >> (4 * i)) & 0xF];
    return text;
}

}  // namespace creditsim
