#include "sim/support/sha256.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "model/errors.hpp"

namespace creditsim {

struct Sha256::Context {
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> md{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    bool finished = false;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    // Failing here means libcrypto itself is broken (out of memory, no SHA-256 provider).
    CREDITSIM_ASSERT(context_->md && EVP_DigestInit_ex(context_->md.get(), EVP_sha256(), nullptr) == 1,
                     "cannot start a SHA-256 digest (OpenSSL)");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view bytes) {
    CREDITSIM_ASSERT(!context_->finished, "SHA-256 updated after its digest was taken");
    if (bytes.empty()) return;
    CREDITSIM_ASSERT(EVP_DigestUpdate(context_->md.get(), bytes.data(), bytes.size()) == 1,
                     "SHA-256 update failed (OpenSSL)");
}

std::string Sha256::hex_digest() {
    CREDITSIM_ASSERT(!context_->finished, "SHA-256 digest taken twice");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    CREDITSIM_ASSERT(EVP_DigestFinal_ex(context_->md.get(), digest, &length) == 1 && length == 32,
                     "SHA-256 digest failed (OpenSSL)");
    context_->finished = true;
    static const char kHex[] = "0123456789abcdef";
    std::string text(2 * length, '0');
    for (unsigned int i = 0; i < length; ++i) {
        text[2 * i] = kHex[digest[i] >> 4];
        text[2 * i + 1] = kHex[digest[i] & 0xF];
    }
    return text;
}

std::string sha256_hex(std::string_view bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.hex_digest();
}

std::string sha256_file(const std::string& path) {
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        const int error = errno;
        throw InputError({Problem{path, 0, "", std::string("cannot open the file: ") +
                                                   (error ? std::strerror(error) : "unknown error")}});
    }
    Sha256 hash;
    std::vector<char> chunk(size_t(1) << 16);
    for (size_t got; (got = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0;)
        hash.update(std::string_view(chunk.data(), got));
    if (std::ferror(file.get()))
        throw InputError({Problem{path, 0, "", "cannot read the file to hash it"}});
    return hash.hex_digest();
}

}  // namespace creditsim
