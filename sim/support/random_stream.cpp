// Philox4x32-10 streams and creditsim's own distributions (no std:: distribution,
// so draws are the same with every standard library).
//
// Key and counter layout (192 bits in all, every field its own bits, so two
// streams with any different (seed, replication, partner, purpose, sub) never
// share a (key, counter) pair and never overlap):
//
//   key[0]     = seed bits 0..31
//   key[1]     = seed bits 32..63
//   counter[0] = block index within the stream (2^32 blocks of 4 x 32 bits = 2^34 draws of next_u32)
//   counter[1] = partner                      (< 2^32)
//   counter[2] = sub                          (< 2^32)
//   counter[3] = replication << 16 | purpose << 8   (replication < 2^16, purpose < 2^8; bits 0..7 are 0)
//
// A stream is the sequence of 32-bit words of the blocks 0, 1, 2, ... in order
// (word 0 of a block first). next_u64 takes two words, the first as the high half.

#include "sim/support/random_stream.hpp"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>

#include "model/errors.hpp"

namespace creditsim {
namespace {

constexpr double kTwoToMinus53 = 1.0 / 9007199254740992.0;  // 2^-53
/// Above this mean, poisson() uses a rounded normal approximation.
constexpr double kPoissonNormalAbove = 50.0;

}  // namespace

RandomStream::RandomStream(uint64_t seed, uint32_t replication, uint32_t partner, Purpose purpose, uint32_t sub) {
    const uint32_t purpose_bits = uint32_t(purpose);
    CREDITSIM_ASSERT(replication < (1u << 16), "random stream replication " << replication << " is not below 2^16");
    CREDITSIM_ASSERT(purpose_bits < (1u << 8), "random stream purpose " << purpose_bits << " is not below 2^8");
    key_[0] = uint32_t(seed);
    key_[1] = uint32_t(seed >> 32);
    counter_[0] = 0;
    counter_[1] = partner;
    counter_[2] = sub;
    counter_[3] = (replication << 16) | (purpose_bits << 8);
    block_[0] = block_[1] = block_[2] = block_[3] = 0;
    used_ = 4;
}

void RandomStream::refill() {
    CREDITSIM_ASSERT(counter_[0] != 0xFFFFFFFFu, "random stream exhausted its 2^32 blocks");
    const r123::Philox4x32::ctr_type counter = {{counter_[0], counter_[1], counter_[2], counter_[3]}};
    const r123::Philox4x32::key_type key = {{key_[0], key_[1]}};
    const r123::Philox4x32::ctr_type block = r123::Philox4x32()(counter, key);
    for (int i = 0; i < 4; ++i) block_[i] = block.v[i];
    ++counter_[0];
    used_ = 0;
}

uint32_t RandomStream::next_u32() {
    if (used_ == 4) refill();
    return block_[used_++];
}

uint64_t RandomStream::next_u64() {
    const uint64_t high = next_u32();
    return (high << 32) | next_u32();
}

double RandomStream::uniform() { return double(next_u64() >> 11) * kTwoToMinus53; }

double RandomStream::normal() {
    // Box-Muller, cosine branch only: every normal() takes exactly two uniforms.
    const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RandomStream::lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

double RandomStream::exponential(double mean) {
    const double u = uniform();  // drawn even when mean <= 0: the stream position never depends on the mean
    return mean > 0 ? -mean * std::log1p(-u) : 0.0;
}

uint32_t RandomStream::poisson(double mean) {
    if (!(mean > 0)) return 0;
    if (mean > kPoissonNormalAbove) {
        const double x = std::round(mean + std::sqrt(mean) * normal());
        return x <= 0 ? 0u : x >= 4294967295.0 ? 0xFFFFFFFFu : uint32_t(x);
    }
    // Inversion: the smallest k with F(k) >= u. The cap only guards rounding when u is within 1e-16 of 1.
    const double u = uniform();
    double probability = std::exp(-mean);
    double cumulative = probability;
    uint32_t k = 0;
    const uint32_t cap = uint32_t(mean + 40.0 * std::sqrt(mean) + 40.0);
    while (u >= cumulative && k < cap) {
        ++k;
        probability *= mean / double(k);
        cumulative += probability;
    }
    return k;
}

uint32_t RandomStream::below(uint32_t n) {
    CREDITSIM_ASSERT(n > 0, "below(0) has no value");
    // Lemire's multiply-shift; rejection removes the bias of the low word.
    uint64_t product = uint64_t(next_u32()) * n;
    uint32_t low = uint32_t(product);
    if (low < n) {
        const uint32_t threshold = uint32_t(-n) % n;  // 2^32 mod n
        while (low < threshold) {
            product = uint64_t(next_u32()) * n;
            low = uint32_t(product);
        }
    }
    return uint32_t(product >> 32);
}

}  // namespace creditsim
