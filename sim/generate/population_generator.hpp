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

struct GeneratedPopulation {
    Population population;
    std::vector<PartnerTraits> traits;  ///< per partner index
};

/// Largest number of generated partners: ids "G0000001".."G9999999" keep id order = index order.
constexpr int64_t kMaxGeneratedPartners = 9999999;

/// Parses "offer:weight, ..." (weights > 0, offers in the catalog, each at most once) into
/// (offer index, weight normalised to sum 1) in ascending offer index order; throws InputError
/// naming key 'population.offer_mix' in scenario_file, listing every problem.
std::vector<std::pair<int, double>> parse_offer_mix(const std::string& text, const Catalog& catalog,
                                                    const std::string& scenario_file);

/// Draws the partners of one replication of a run over [start, start + months): ids "G" + 7 digits
/// (k + 1), offer, join day, renewals, users (e-mail domains) and traits; then awards every credit.
/// Population::subscriptions stays empty (generated demand is per credit). Runs on `threads`
/// threads; the result does not depend on how many. Throws InputError naming
/// 'population.partners' beyond kMaxGeneratedPartners.
GeneratedPopulation generate_population(const Catalog& catalog, const Policy& policy, const Behavior& behavior,
                                        const std::vector<std::pair<int, double>>& offer_mix, int64_t partners,
                                        Date start, int months, uint64_t seed, int replication, int threads = 1);

}  // namespace creditsim
