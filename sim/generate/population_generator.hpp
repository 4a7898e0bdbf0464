#pragma once
// Generated populations (SPEC 7): the partners of one replication, drawn from
// counter-based streams keyed by (seed, replication, partner index, purpose),
// so partner k is the same whatever the policy, the number of partners or the
// other partners (common random numbers).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "sim/inputs/behavior.hpp"

namespace creditsim {

/// What the behaviour needs to know about a generated partner.
struct PartnerTraits {
    double usage_intensity = 0;  ///< scale of daily usage relative to a credit's daily value
    bool is_idle = false;        ///< one of the idle_share partners (intensity idle_intensity)
};

/// Generated partners: a whole population, or a block of consecutive partners
/// of one (then indices are the block's own, ids and draws the population's).
struct GeneratedPopulation {
    Population population;
    std::vector<PartnerTraits> traits;  ///< per partner index
    uint32_t first_partner = 0;         ///< population index of partners[0] (what the draws are keyed by)
};

/// Largest number of generated partners (documented in docs/INPUTS.md):
/// a run streams its partners in blocks, so memory does not bound it; 32-bit
/// partner keys and the run time (about 5 s per million partners and
/// replication on two cores, docs/PERFORMANCE.md) do.
constexpr int64_t kMaxGeneratedPartners = 999999999;

/// Parses "offer:weight, ..." (weights > 0, offers in the catalog, each at most once) into
/// (offer index, weight normalised to sum 1) in ascending offer index order; throws InputError
/// naming key 'population.offer_mix' in scenario_file, listing every problem.
std::vector<std::pair<int, double>> parse_offer_mix(const std::string& text, const Catalog& catalog,
                                                    const std::string& scenario_file);

/// The draws of a run's partners over [start, start + months), in any replication:
/// partner k's id "G" + k + 1 zero-padded to 7 digits (more when the population
/// needs them, so that id order stays index order), offer, join day, renewals,
/// users (e-mail domains), traits and awarded credits. Any block of partners of any replication
/// can be drawn on its own, in any order, on any thread.
class PartnerDraws {
public:
    /// Throws InputError naming 'population.partners' beyond kMaxGeneratedPartners.
    PartnerDraws(const Catalog& catalog, const Policy& policy, const Behavior& behavior,
                 const std::vector<std::pair<int, double>>& offer_mix, int64_t partners, Date start, int months,
                 uint64_t seed);

    /// Draws partners [first, end) of `replication` into `block`, replacing what it held; its
    /// tables keep their storage, so a block reused from block to block
    /// allocates (almost) nothing. Population::subscriptions stays empty
    /// (generated demand is per credit).
    void draw_block(int replication, uint32_t first, uint32_t end, GeneratedPopulation& block) const;

private:
    void draw_partner(uint32_t replication, uint32_t k, Partner& partner, PartnerTraits& traits) const;
    void draw_users(uint32_t replication, uint32_t k, const Partner& partner, User* users) const;

    const Catalog& catalog_;
    const Behavior& behavior_;
    const std::vector<std::pair<int, double>>& offer_mix_;
    Date start_, run_end_day_;
    uint64_t seed_;
    int64_t partners_;
    size_t id_width_;
    int32_t join_window_days_ = 1;
    double intensity_mu_ = 0;
    std::vector<std::string> free_domains_;           ///< the policy's list
    std::vector<std::string> lowered_free_domains_;
    std::vector<uint8_t> is_free_domain_free_hosted_;  ///< per entry of the list: an address there is free-hosted
};

/// A whole population in one block (tests, benchmarks): PartnerDraws::draw_block(replication, 0, partners).
GeneratedPopulation generate_population(const Catalog& catalog, const Policy& policy, const Behavior& behavior,
                                        const std::vector<std::pair<int, double>>& offer_mix, int64_t partners,
                                        Date start, int months, uint64_t seed, int replication);

}  // namespace creditsim
