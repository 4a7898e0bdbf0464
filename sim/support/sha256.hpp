#pragma once
// SHA-256 (OpenSSL libcrypto) as lower-case hex: the fingerprint of inputs and
// scenarios in manifest.csv, so that `sha256sum FILE` checks it.

#include <memory>
#include <string>
#include <string_view>

namespace creditsim {

/// An incremental SHA-256: update() with the bytes in order, then hex_digest() once.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void update(std::string_view bytes);
    /// The 64 hex digits of everything updated so far; the hash is finished after it.
    std::string hex_digest();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

/// SHA-256 of a text as 64 hex digits.
std::string sha256_hex(std::string_view bytes);

/// SHA-256 of a file's bytes as 64 hex digits, what `sha256sum FILE` prints. Throws
/// InputError naming the file when it cannot be opened.
std::string sha256_file(const std::string& path);

}  // namespace creditsim
