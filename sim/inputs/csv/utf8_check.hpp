#pragma once
// Whether bytes are UTF-8 text: every CSV file creditsim reads must be. A file
// saved in another encoding (Latin-1, Windows-1252, UTF-16) would otherwise pass
// with ids and names that match nothing, or with garbled text in the reports.

#include <cstddef>
#include <string_view>

namespace creditsim::csv {

/// Where bytes stop being UTF-8 text.
struct Utf8Check {
    size_t valid = 0;       ///< bytes from the start that are complete, valid UTF-8 without NUL
    bool is_bad = false;    ///< the byte at `valid` is wrong (a NUL, or not UTF-8)
};

/// Checks bytes; when is_final is false, a sequence cut by the end of bytes is not an error
/// (valid then stops before it: its rest comes with the next bytes).
Utf8Check check_utf8(std::string_view bytes, bool is_final);

/// Whether a file starting with these bytes is UTF-16: a UTF-16 byte order mark, or
/// ASCII with NUL bytes between (UTF-16 without a mark).
bool looks_like_utf16(std::string_view start);

}  // namespace creditsim::csv
