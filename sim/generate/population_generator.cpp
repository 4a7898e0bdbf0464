// Generated populations (SPEC 7). Partner k draws only from streams keyed by
// (seed, replication, k, purpose): nothing here depends on the policy (except the
// free-hosted domain names and flags, which the policy defines), on the number of
// partners, or on another partner. Each purpose draws a fixed number of uniforms
// per item in a fixed order:
//   offer         1 uniform: cumulative weights in ascending offer index
//   join          1 uniform: day = start + floor(u * window days)
//   renewal       1 uniform per anniversary before the run's end, until the first refusal
//   users         the Poisson draw of the user count
//   free_hosted   2 uniforms per user in id order: is free-hosted, which domain
//   idle          1 uniform
//   usage_level   1 lognormal (2 uniforms)

#include "sim/generate/population_generator.hpp"

#include "model/assignment.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>

#include "model/errors.hpp"
#include "sim/inputs/csv/field_checks.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {
namespace {

const char* const kOfferMixWhere = "key 'population.offer_mix'";

// Free-hosted status follows SPEC 4, the same rule as replayed users
// (is_free_hosted_email in model/assignment.hpp).
using detail::lower_case;

std::string offers_list(const Catalog& catalog) {
    std::string text;
    for (const auto& offer : catalog.offers()) text += (text.empty() ? "" : ", ") + offer;
    return text.empty() ? "(the catalog has none)" : text;
}

/// "0000017" for width 7 and value 17.
std::string zero_padded(uint64_t value, size_t width) {
    std::string digits = std::to_string(value);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return digits;
}

/// Draws the offer index from the normalised mix with one uniform.
int draw_offer(RandomStream& stream, const std::vector<std::pair<int, double>>& offer_mix) {
    const double u = stream.uniform();
    double cumulative = 0;
    for (const auto& [offer, weight] : offer_mix) {
        cumulative += weight;
        if (u < cumulative) return offer;
    }
    return offer_mix.back().first;  // u within rounding of 1
}

}  // namespace

std::vector<std::pair<int, double>> parse_offer_mix(const std::string& text, const Catalog& catalog,
                                                    const std::string& scenario_file) {
    ProblemList problems;
    auto problem = [&](const std::string& message) { problems.add(scenario_file, 0, kOfferMixWhere, message); };
    std::vector<std::pair<int, double>> mix;

    if (detail::trim_field(text).empty()) {
        problem("expected offer:weight pairs separated by commas (e.g. 'action_pack:0.4, success_core:0.6'); "
                "got an empty value");
        problems.throw_if_any();
    }
    std::string_view rest = text;
    while (true) {
        const size_t comma = rest.find(',');
        const std::string_view item = detail::trim_field(rest.substr(0, comma));
        const size_t colon = item.rfind(':');
        if (item.empty()) {
            problem("expected offer:weight between commas; got an empty item");
        } else if (colon == std::string_view::npos) {
            problem("expected offer:weight; got " + detail::in_quotes(item) + " (no ':')");
        } else {
            const std::string offer(detail::trim_field(item.substr(0, colon)));
            const std::string_view weight_text = detail::trim_field(item.substr(colon + 1));
            const int offer_index = catalog.find_offer(offer);
            double weight = 0;
            const auto [end, error] = std::from_chars(weight_text.data(), weight_text.data() + weight_text.size(), weight);
            const bool is_weight_good = !weight_text.empty() && error == std::errc() &&
                                        end == weight_text.data() + weight_text.size() && std::isfinite(weight) &&
                                        weight > 0;
            if (offer_index < 0)
                problem("unknown offer " + detail::in_quotes(offer) + "; the catalog's offers are " +
                        offers_list(catalog));
            if (!is_weight_good)
                problem("expected a weight > 0 for offer " + detail::in_quotes(offer) + "; got " +
                        (weight_text.empty() ? std::string("nothing") : detail::in_quotes(weight_text)));
            if (offer_index >= 0 && is_weight_good) {
                const bool is_duplicate = std::any_of(mix.begin(), mix.end(),
                                                      [&](const auto& entry) { return entry.first == offer_index; });
                if (is_duplicate)
                    problem("offer " + detail::in_quotes(offer) + " is named more than once");
                else
                    mix.emplace_back(offer_index, weight);
            }
        }
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    problems.throw_if_any();

    std::sort(mix.begin(), mix.end());
    double total = 0;
    for (const auto& entry : mix) total += entry.second;
    for (auto& entry : mix) entry.second /= total;
    return mix;
}

PartnerDraws::PartnerDraws(const Catalog& catalog, const Policy& policy, const Behavior& behavior,
                           const std::vector<std::pair<int, double>>& offer_mix, int64_t partners, Date start,
                           int months, uint64_t seed)
    : catalog_(catalog),
      behavior_(behavior),
      offer_mix_(offer_mix),
      start_(start),
      run_end_day_(add_months(start, months)),
      seed_(seed),
      partners_(partners),
      id_width_(std::max<size_t>(7, std::to_string(partners).size())) {
    if (partners > kMaxGeneratedPartners) {
        ProblemList problems;
        problems.add("", 0, "key 'population.partners'",
                     "expected at most " + std::to_string(kMaxGeneratedPartners) + " generated partners; got " +
                         std::to_string(partners));
        problems.throw_if_any();
    }
    CREDITSIM_ASSERT(!offer_mix.empty(), "PartnerDraws needs a parsed, non-empty offer mix");
    CREDITSIM_ASSERT(partners >= 0 && months > 0, "partners " << partners << ", months " << months);
    free_domains_ = policy.free_hosted_domains;
    for (const auto& free : free_domains_) lowered_free_domains_.push_back(lower_case(free));
    // The user id ("u" and digits) has no '@': the domain part of "<id>@<domain>" depends on the domain only.
    for (const auto& free : free_domains_)
        is_free_domain_free_hosted_.push_back(is_free_hosted_email("u@" + free, lowered_free_domains_));
    const int join_window_months = std::min(behavior.join_window_months, months);
    join_window_days_ = join_window_months > 0 ? add_months(start, join_window_months) - start : 1;
    intensity_mu_ = behavior.usage_intensity_median > 0 ? std::log(behavior.usage_intensity_median) : 0;
}

void PartnerDraws::draw_partner(uint32_t replication, uint32_t k, Partner& partner, PartnerTraits& traits) const {
    partner.id = "G" + zero_padded(uint64_t(k) + 1, id_width_);

    RandomStream offer_stream(seed_, replication, k, Purpose::offer);
    partner.offer = draw_offer(offer_stream, offer_mix_);

    RandomStream join_stream(seed_, replication, k, Purpose::join);
    const int32_t join_offset = std::min(int32_t(join_stream.uniform() * join_window_days_), join_window_days_ - 1);
    partner.joined = start_.plus_days(join_offset);

    // Consecutive anniversaries renewed until the first refusal; only those the run reaches count.
    RandomStream renewal_stream(seed_, replication, k, Purpose::renewal);
    partner.renewals = 0;
    while (add_months(partner.joined, 12 * (partner.renewals + 1)) < run_end_day_ &&
           renewal_stream.bernoulli(behavior_.renewal_probability))
        ++partner.renewals;

    RandomStream users_stream(seed_, replication, k, Purpose::users);
    partner.user_count = 1 + users_stream.poisson(behavior_.users_mean - 1);

    RandomStream idle_stream(seed_, replication, k, Purpose::idle);
    RandomStream level_stream(seed_, replication, k, Purpose::usage_level);
    traits.is_idle = idle_stream.bernoulli(behavior_.idle_share);
    const double level = behavior_.usage_intensity_median > 0
                             ? level_stream.lognormal(intensity_mu_, behavior_.usage_intensity_sigma)
                             : 0.0;
    traits.usage_intensity = traits.is_idle ? behavior_.idle_intensity : level;
}

// Each user draws an e-mail domain (the partner's own or, for a
// free_hosted_share of them, one of the policy's free-hosted list) and keeps
// only what the rules read of it, is_free_hosted: no report shows a generated
// user's address, and a million partners' addresses would be three million
// strings to allocate and free.
void PartnerDraws::draw_users(uint32_t replication, uint32_t k, const Partner& partner, User* users) const {
    const size_t id_width = std::max<size_t>(2, std::to_string(partner.user_count).size());
    const std::string company_domain = "partner" + std::to_string(uint64_t(k) + 1) + ".example";
    const bool is_company_free_hosted = is_free_hosted_email("u@" + company_domain, lowered_free_domains_);
    RandomStream domain_stream(seed_, replication, k, Purpose::free_hosted);
    for (uint32_t u = 0; u < partner.user_count; ++u) {
        User& user = users[u];
        user.id = "u" + zero_padded(u + 1, id_width);
        const bool wants_free_hosted = domain_stream.bernoulli(behavior_.free_hosted_share);
        const double domain_draw = domain_stream.uniform();
        if (wants_free_hosted && !free_domains_.empty()) {
            const size_t pick =
                std::min(size_t(domain_draw * double(free_domains_.size())), free_domains_.size() - 1);
            user.is_free_hosted = is_free_domain_free_hosted_[pick];
        } else {
            user.is_free_hosted = is_company_free_hosted;
        }
    }
}

void PartnerDraws::draw_block(int replication, uint32_t first, uint32_t end, GeneratedPopulation& block) const {
    CREDITSIM_ASSERT(first <= end && int64_t(end) <= partners_, "block [" << first << ", " << end << ") of "
                                                                           << partners_ << " partners");
    block.first_partner = first;
    Population& population = block.population;
    population.catalog = catalog_;  // a few lines: copied per block so that a block stands alone
    const uint32_t count = end - first;
    population.partners.resize(count);
    block.traits.resize(count);
    uint64_t user_count = 0;
    for (uint32_t i = 0; i < count; ++i) {
        Partner& partner = population.partners[i];
        draw_partner(uint32_t(replication), first + i, partner, block.traits[i]);
        partner.first_user = uint32_t(user_count);
        user_count += partner.user_count;
        CREDITSIM_ASSERT(user_count < kNone, "too many users in a block for 32-bit indices");
    }
    population.users.resize(user_count);
    for (uint32_t i = 0; i < count; ++i) {
        const Partner& partner = population.partners[i];
        User* users = population.users.data() + partner.first_user;
        draw_users(uint32_t(replication), first + i, partner, users);
        for (uint32_t u = 0; u < partner.user_count; ++u) users[u].partner = i;
    }
    // Fixed-width ids keep a block's id order the global one, so a block's
    // credits are awarded exactly as in the whole population.
    award_all_credits(population);
}

GeneratedPopulation generate_population(const Catalog& catalog, const Policy& policy, const Behavior& behavior,
                                        const std::vector<std::pair<int, double>>& offer_mix, int64_t partners,
                                        Date start, int months, uint64_t seed, int replication) {
    const PartnerDraws draws(catalog, policy, behavior, offer_mix, partners, start, months, seed);
    GeneratedPopulation generated;
    draws.draw_block(replication, 0, uint32_t(partners), generated);
    return generated;
}

}  // namespace creditsim
