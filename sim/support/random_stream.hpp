#pragma once
// Counter-based random streams (Random123 Philox4x32-10) keyed by
// (seed, replication, partner, purpose): partner k draws the same numbers in
// every scenario that shares the seed (common random numbers), whatever the
// thread count or the order partners are simulated in. Distributions are our
// own, so results do not depend on the standard library's.

#include <cstdint>

namespace creditsim {

/// What a stream is for; a new purpose never shifts the draws of another.
enum class Purpose : uint32_t {
    offer = 1, join, renewal, users, free_hosted, assignment, redemption, reassignment, usage_level, idle,
    limit_removal, conversion, demand_noise, forecast_parameters, forecast_noise,
};

class RandomStream {
public:
    /// A stream keyed by (seed, replication, partner, purpose); sub distinguishes
    /// several streams of one purpose (e.g. one per credit).
    RandomStream(uint64_t seed, uint32_t replication, uint32_t partner, Purpose purpose, uint32_t sub = 0);

    uint32_t next_u32();
    uint64_t next_u64();
    /// Uniform in [0, 1) with 53 random bits.
    double uniform();
    /// True with probability p.
    bool bernoulli(double p) { return uniform() < p; }
    /// Standard normal (Box-Muller).
    double normal();
    /// exp(mu + sigma * normal()).
    double lognormal(double mu, double sigma);
    /// Exponential with the given mean (0 when mean <= 0).
    double exponential(double mean);
    /// Poisson with the given mean (inversion; fine for small means).
    uint32_t poisson(double mean);
    /// Uniform integer in [0, n).
    uint32_t below(uint32_t n);

private:
    void refill();
    uint32_t key_[2];
    uint32_t counter_[4];
    uint32_t block_[4];
    int used_ = 4;
};

/// A fast counter-based hash for per-day draws: splitmix64's finaliser of
/// (key + counter × golden gamma). Random access, no state.
inline uint64_t counter_hash(uint64_t key, uint64_t counter) {
    uint64_t z = key + (counter + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace creditsim
