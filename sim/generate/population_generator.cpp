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
#include "sim/support/worker_pool.hpp"
#include "sim/inputs/csv/field_checks.hpp"
#include "sim/support/random_stream.hpp"

namespace creditsim {
namespace {

const char* const kOfferMixWhere = "key 'population.offer_mix'";

// Free-hosted status follows SPEC 4, the same rule as replayed users
// (is_free_hosted_email in model/assignment.hpp).
using detail::lower_case;

/// What the users' e-mail domains need, worked out once per replication.
struct DomainRule {
    std::vector<std::string> free_domains;          ///< the policy's list
    std::vector<uint8_t> is_free_domain_free_hosted; ///< per entry of the list: an address there is free-hosted
    std::vector<std::string> lowered_free_domains;

    explicit DomainRule(const Policy& policy) : free_domains(policy.free_hosted_domains) {
        for (const auto& free : free_domains) lowered_free_domains.push_back(lower_case(free));
        // The user id ("u" and digits) has no '@': the domain part of "<id>@<domain>" depends on the domain only.
        for (const auto& free : free_domains)
            is_free_domain_free_hosted.push_back(is_free_hosted_email("u@" + free, lowered_free_domains));
    }
};

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

namespace {

/// Partners per chunk of generation: fixed, so nothing depends on the thread count.
constexpr int64_t kPartnersPerChunk = 16384;

/// What every partner's draws need, worked out once.
struct DrawSetup {
    const Behavior& behavior;
    const std::vector<std::pair<int, double>>& offer_mix;
    const DomainRule& domains;
    Date start, run_end_day;
    int32_t join_window_days;
    double intensity_mu;
    uint64_t seed;
    uint32_t replication;
};

/// Partner k's offer, join day, renewals, user count and traits: everything but
/// its users' domains and its credits (user and credit ranges are left unset).
void draw_partner(const DrawSetup& setup, uint32_t k, Partner& partner, PartnerTraits& traits) {
    const Behavior& behavior = setup.behavior;
    partner.id = "G" + zero_padded(uint64_t(k) + 1, 7);

    RandomStream offer_stream(setup.seed, setup.replication, k, Purpose::offer);
    partner.offer = draw_offer(offer_stream, setup.offer_mix);

    RandomStream join_stream(setup.seed, setup.replication, k, Purpose::join);
    const int32_t join_offset =
        std::min(int32_t(join_stream.uniform() * setup.join_window_days), setup.join_window_days - 1);
    partner.joined = setup.start.plus_days(join_offset);

    // Consecutive anniversaries renewed until the first refusal; only those the run reaches count.
    RandomStream renewal_stream(setup.seed, setup.replication, k, Purpose::renewal);
    partner.renewals = 0;
    while (add_months(partner.joined, 12 * (partner.renewals + 1)) < setup.run_end_day &&
           renewal_stream.bernoulli(behavior.renewal_probability))
        ++partner.renewals;

    RandomStream users_stream(setup.seed, setup.replication, k, Purpose::users);
    partner.user_count = 1 + users_stream.poisson(behavior.users_mean - 1);

    RandomStream idle_stream(setup.seed, setup.replication, k, Purpose::idle);
    RandomStream level_stream(setup.seed, setup.replication, k, Purpose::usage_level);
    traits.is_idle = idle_stream.bernoulli(behavior.idle_share);
    const double level = behavior.usage_intensity_median > 0
                             ? level_stream.lognormal(setup.intensity_mu, behavior.usage_intensity_sigma)
                             : 0.0;
    traits.usage_intensity = traits.is_idle ? behavior.idle_intensity : level;
}

/// Partner k's users, written to users[0, partner.user_count). Each draws an
/// e-mail domain (the partner's own or, for a free_hosted_share of them, one of
/// the policy's free-hosted list) and keeps only what the rules read of it,
/// is_free_hosted: no report shows a generated user's address, and a million
/// partners' addresses would be three million strings to allocate and free.
void draw_users(const DrawSetup& setup, uint32_t k, const Partner& partner, User* users) {
    const size_t id_width = std::max<size_t>(2, std::to_string(partner.user_count).size());
    const std::string company_domain = "partner" + std::to_string(uint64_t(k) + 1) + ".example";
    const DomainRule& domains = setup.domains;
    const bool is_company_free_hosted = is_free_hosted_email("u@" + company_domain, domains.lowered_free_domains);
    RandomStream domain_stream(setup.seed, setup.replication, k, Purpose::free_hosted);
    for (uint32_t u = 0; u < partner.user_count; ++u) {
        User& user = users[u];
        user.id = "u" + zero_padded(u + 1, id_width);
        user.partner = k;
        const bool wants_free_hosted = domain_stream.bernoulli(setup.behavior.free_hosted_share);
        const double domain_draw = domain_stream.uniform();
        const auto& free_domains = domains.free_domains;
        if (wants_free_hosted && !free_domains.empty()) {
            const size_t pick = std::min(size_t(domain_draw * double(free_domains.size())), free_domains.size() - 1);
            user.is_free_hosted = domains.is_free_domain_free_hosted[pick];
        } else {
            user.is_free_hosted = is_company_free_hosted;
        }
    }
}

/// The credits of partners [first, end), whose credit ranges are set: award_all_credits
/// on a population of just these partners, moved into place. Fixed-width ids make
/// their id order the same there as in the whole population.
void award_chunk(Population& population, uint32_t first, uint32_t end) {
    Population chunk;
    chunk.catalog = population.catalog;
    chunk.partners.assign(population.partners.begin() + first, population.partners.begin() + end);
    award_all_credits(chunk);
    const uint32_t first_credit = population.partners[first].first_credit;
    for (uint32_t p = first; p < end; ++p)
        CREDITSIM_ASSERT(chunk.partners[p - first].credit_count == population.partners[p].credit_count &&
                             chunk.partners[p - first].first_credit + first_credit == population.partners[p].first_credit,
                         "partner " << population.partners[p].id << "'s credits were not laid out as awarded");
    for (uint32_t c = 0; c < chunk.credits.size(); ++c) {
        Credit& credit = chunk.credits[c];
        credit.partner += first;
        population.credits[first_credit + c] = std::move(credit);
        population.credits_by_partner[first_credit + c] = first_credit + chunk.credits_by_partner[c];
    }
}

}  // namespace

GeneratedPopulation generate_population(const Catalog& catalog, const Policy& policy, const Behavior& behavior,
                                        const std::vector<std::pair<int, double>>& offer_mix, int64_t partners,
                                        Date start, int months, uint64_t seed, int replication, int threads) {
    if (partners > kMaxGeneratedPartners) {
        ProblemList problems;
        problems.add("", 0, "key 'population.partners'",
                     "expected at most " + std::to_string(kMaxGeneratedPartners) + " generated partners; got " +
                         std::to_string(partners));
        problems.throw_if_any();
    }
    CREDITSIM_ASSERT(!offer_mix.empty(), "generate_population needs a parsed, non-empty offer mix");
    CREDITSIM_ASSERT(partners >= 0 && months > 0, "partners " << partners << ", months " << months);

    const DomainRule domains(policy);
    const int join_window_months = std::min(behavior.join_window_months, months);
    const DrawSetup setup{behavior,
                          offer_mix,
                          domains,
                          start,
                          add_months(start, months),
                          join_window_months > 0 ? add_months(start, join_window_months) - start : 1,
                          behavior.usage_intensity_median > 0 ? std::log(behavior.usage_intensity_median) : 0,
                          seed,
                          uint32_t(replication)};

    // In chunks of partners on threads, straight into the population's tables (one
    // touch of their memory): first the partners, which size the users and credits;
    // then the users and credits.
    GeneratedPopulation generated;
    Population& population = generated.population;
    population.catalog = catalog;
    resize_large(population.partners, size_t(partners), threads);
    resize_large(generated.traits, size_t(partners), threads);
    const int chunk_count = int((partners + kPartnersPerChunk - 1) / kPartnersPerChunk);
    auto chunk_first = [](int chunk) { return uint32_t(int64_t(chunk) * kPartnersPerChunk); };
    auto chunk_end = [&](int chunk) { return uint32_t(std::min(partners, int64_t(chunk + 1) * kPartnersPerChunk)); };
    for_each_item(chunk_count, threads, [&](int chunk) {
        for (uint32_t k = chunk_first(chunk); k < chunk_end(chunk); ++k)
            draw_partner(setup, k, population.partners[k], generated.traits[k]);
    });

    std::vector<uint32_t> credits_per_year(catalog.offers().size(), 0);  // as award_all_credits awards them
    for (size_t offer = 0; offer < credits_per_year.size(); ++offer)
        for (uint32_t line : catalog.lines_of_offer(int(offer))) credits_per_year[offer] += catalog.lines()[line].count;
    uint64_t user_count = 0, credit_count = 0;
    for (Partner& partner : population.partners) {
        partner.first_user = uint32_t(user_count);
        partner.first_credit = uint32_t(credit_count);
        partner.credit_count = uint32_t(partner.renewals + 1) * credits_per_year[size_t(partner.offer)];
        user_count += partner.user_count;
        credit_count += partner.credit_count;
        CREDITSIM_ASSERT(user_count < kNone && credit_count < kNone, "too many users or credits for 32-bit indices");
    }
    resize_large(population.users, user_count, threads);
    resize_large(population.credits, credit_count, threads);
    resize_large(population.credits_by_partner, credit_count, threads);
    for_each_item(chunk_count, threads, [&](int chunk) {
        for (uint32_t k = chunk_first(chunk); k < chunk_end(chunk); ++k) {
            const Partner& partner = population.partners[k];
            draw_users(setup, k, partner, population.users.data() + partner.first_user);
        }
        award_chunk(population, chunk_first(chunk), chunk_end(chunk));
    });
    return generated;
}

}  // namespace creditsim
