#include "sim/support/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

#include "model/errors.hpp"
#include "tests/cli/cli_support.hpp"

namespace creditsim {
namespace {

// FIPS 180-2 test vectors: what `sha256sum` prints for the same bytes.
TEST(Sha256, MatchesTheStandardVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, UpdatesInPiecesGiveTheWholeDigest) {
    Sha256 hash;
    for (int i = 0; i < 1000; ++i) hash.update(std::string(1000, 'a'));  // one million 'a'
    EXPECT_EQ(hash.hex_digest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, ADigestIsTakenOnce) {
    Sha256 hash;
    hash.update("abc");
    hash.hex_digest();
    EXPECT_THROW(hash.hex_digest(), InvariantError);
    EXPECT_THROW(hash.update("more"), InvariantError);
}

TEST(Sha256, HashesAFileAsSha256sumDoes) {
    testing::TempDir dir;
    EXPECT_EQ(sha256_file(dir.write("abc.txt", "abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string big(size_t(1) << 17 | 5, 'a');  // more than one read
    EXPECT_EQ(sha256_file(dir.write("big.txt", big)), sha256_hex(big));
    const std::string missing = (dir.path() / "missing.txt").string();
    try {
        sha256_file(missing);
        FAIL() << "expected an InputError";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), missing + ": cannot open the file: No such file or directory");
    }
}

}  // namespace
}  // namespace creditsim
