// Random streams: Philox4x32-10 known answer, the documented key/counter layout,
// stream independence, and the moments of our own distributions.
#include "sim/support/random_stream.hpp"

#include <gtest/gtest.h>

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "model/errors.hpp"

namespace creditsim {
namespace {

TEST(RandomStream, PhiloxKnownAnswerWithZeroKeyAndCounter) {
    // Random123's kat_vectors: philox4x32 10, counter 0, key 0 -> 6627e8d5 e169c58d bc57ac4c 9b00dbd8.
    RandomStream stream(0, 0, 0, Purpose(0), 0);
    EXPECT_EQ(stream.next_u32(), 0x6627e8d5u);
    EXPECT_EQ(stream.next_u32(), 0xe169c58du);
    EXPECT_EQ(stream.next_u32(), 0xbc57ac4cu);
    EXPECT_EQ(stream.next_u32(), 0x9b00dbd8u);
}

TEST(RandomStream, KeyAndCounterLayoutIsTheDocumentedOne) {
    const uint64_t seed = 0x1122334455667788ull;
    RandomStream stream(seed, 3, 7, Purpose::join, 9);
    const r123::Philox4x32::key_type key = {{0x55667788u, 0x11223344u}};
    for (uint32_t block = 0; block < 3; ++block) {
        const r123::Philox4x32::ctr_type counter = {{block, 7u, 9u, (3u << 16) | (uint32_t(Purpose::join) << 8)}};
        const auto expected = r123::Philox4x32()(counter, key);
        for (int word = 0; word < 4; ++word) EXPECT_EQ(stream.next_u32(), expected.v[word]) << "block " << block;
    }
}

TEST(RandomStream, SameKeySameDrawsAndEveryKeyFieldMatters) {
    auto first_words = [](RandomStream stream) {
        std::vector<uint32_t> words;
        for (int i = 0; i < 8; ++i) words.push_back(stream.next_u32());
        return words;
    };
    const auto base = first_words(RandomStream(42, 1, 5, Purpose::offer, 3));
    EXPECT_EQ(base, first_words(RandomStream(42, 1, 5, Purpose::offer, 3)));
    const std::vector<std::pair<const char*, RandomStream>> variants = {
        {"seed low bits", RandomStream(43, 1, 5, Purpose::offer, 3)},
        {"seed high bits", RandomStream(42 + (1ull << 32), 1, 5, Purpose::offer, 3)},
        {"replication", RandomStream(42, 2, 5, Purpose::offer, 3)},
        {"partner", RandomStream(42, 1, 6, Purpose::offer, 3)},
        {"purpose", RandomStream(42, 1, 5, Purpose::join, 3)},
        {"sub", RandomStream(42, 1, 5, Purpose::offer, 4)},
    };
    for (const auto& [why, stream] : variants) EXPECT_NE(base, first_words(stream)) << why;
}

TEST(RandomStream, NextU64IsTwoWordsHighFirst) {
    RandomStream words(7, 0, 1, Purpose::users);
    RandomStream wide(7, 0, 1, Purpose::users);
    for (int i = 0; i < 5; ++i) {
        const uint64_t high = words.next_u32();
        const uint64_t low = words.next_u32();
        EXPECT_EQ(wide.next_u64(), (high << 32) | low);
    }
}

TEST(RandomStream, RejectsReplicationsAndPurposesOutsideTheLayout) {
    EXPECT_THROW(RandomStream(1, 1u << 16, 0, Purpose::offer), InvariantError);
    EXPECT_THROW(RandomStream(1, 0, 0, Purpose(256)), InvariantError);
    EXPECT_NO_THROW(RandomStream(1, (1u << 16) - 1, 0xFFFFFFFFu, Purpose(255), 0xFFFFFFFFu));
}

struct Moments {
    double mean = 0, variance = 0;
};
template <class Draw>
Moments moments(int n, Draw draw) {
    double sum = 0, sum_squares = 0;
    for (int i = 0; i < n; ++i) {
        const double x = draw();
        sum += x;
        sum_squares += x * x;
    }
    const double mean = sum / n;
    return {mean, sum_squares / n - mean * mean};
}

TEST(RandomStream, UniformIsInUnitIntervalWithUniformMoments) {
    RandomStream stream(2026, 0, 0, Purpose::offer);
    double low = 1, high = 0;
    const Moments m = moments(200000, [&] {
        const double u = stream.uniform();
        low = std::min(low, u);
        high = std::max(high, u);
        return u;
    });
    EXPECT_GE(low, 0.0);
    EXPECT_LT(high, 1.0);
    EXPECT_NEAR(m.mean, 0.5, 0.003);
    EXPECT_NEAR(m.variance, 1.0 / 12, 0.002);
}

TEST(RandomStream, NormalLognormalExponentialMoments) {
    RandomStream stream(2026, 0, 1, Purpose::usage_level);
    const Moments normal = moments(200000, [&] { return stream.normal(); });
    EXPECT_NEAR(normal.mean, 0.0, 0.01);
    EXPECT_NEAR(normal.variance, 1.0, 0.015);

    std::vector<double> lognormals;
    for (int i = 0; i < 100001; ++i) lognormals.push_back(stream.lognormal(std::log(0.8), 0.7));
    std::nth_element(lognormals.begin(), lognormals.begin() + 50000, lognormals.end());
    EXPECT_NEAR(lognormals[50000], 0.8, 0.015);  // the median is exp(mu)

    const Moments exponential = moments(200000, [&] { return stream.exponential(14.0); });
    EXPECT_NEAR(exponential.mean, 14.0, 0.15);
    EXPECT_NEAR(exponential.variance, 196.0, 5.0);
}

TEST(RandomStream, ExponentialOfNoMeanIsZeroAndStillAdvances) {
    RandomStream zero(5, 0, 0, Purpose::join);
    RandomStream reference(5, 0, 0, Purpose::join);
    EXPECT_EQ(zero.exponential(0), 0.0);
    EXPECT_EQ(zero.exponential(-3), 0.0);
    reference.uniform();
    reference.uniform();
    EXPECT_EQ(zero.next_u32(), reference.next_u32());
}

TEST(RandomStream, PoissonMomentsForSmallAndLargeMeans) {
    RandomStream stream(11, 0, 2, Purpose::users);
    for (const double mean : {0.55, 2.0, 12.0, 49.0, 200.0}) {
        const Moments m = moments(100000, [&] { return double(stream.poisson(mean)); });
        EXPECT_NEAR(m.mean, mean, 0.02 * mean + 0.01) << "mean " << mean;
        EXPECT_NEAR(m.variance, mean, 0.05 * mean + 0.02) << "mean " << mean;
    }
    EXPECT_EQ(stream.poisson(0), 0u);
    EXPECT_EQ(stream.poisson(-1), 0u);
}

TEST(RandomStream, PoissonZeroHasProbabilityExpMinusMean) {
    RandomStream stream(12, 0, 3, Purpose::reassignment);
    int zeros = 0;
    const int n = 100000;
    for (int i = 0; i < n; ++i) zeros += stream.poisson(2.0) == 0;
    EXPECT_NEAR(double(zeros) / n, std::exp(-2.0), 0.004);
}

TEST(RandomStream, BelowIsInRangeAndUnbiased) {
    RandomStream stream(13, 0, 4, Purpose::assignment);
    EXPECT_EQ(stream.below(1), 0u);
    std::vector<int> counts(7, 0);
    const int n = 140000;
    for (int i = 0; i < n; ++i) {
        const uint32_t x = stream.below(7);
        ASSERT_LT(x, 7u);
        ++counts[x];
    }
    for (int c : counts) EXPECT_NEAR(double(c) / n, 1.0 / 7, 0.005);
    // A bound just above 2^31 rejects almost half of the words: the results stay in range and cover both halves.
    const uint32_t big = 0x80000001u;
    bool has_low = false, has_high = false;
    for (int i = 0; i < 2000; ++i) {
        const uint32_t x = stream.below(big);
        ASSERT_LT(x, big);
        (x < big / 2 ? has_low : has_high) = true;
    }
    EXPECT_TRUE(has_low && has_high);
    EXPECT_THROW(stream.below(0), InvariantError);
}

}  // namespace
}  // namespace creditsim
