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

#include "sim/population_generator.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <string_view>

#include "model/errors.hpp"
#include "sim/generated_parallel.hpp"
#include "sim/input_fields.hpp"
#include "sim/random_stream.hpp"

namespace creditsim {
namespace {

const char* const kOfferMixWhere = "key 'population.offer_mix'";

std::string lower_case(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = char(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

// SPEC 4, the same rule as replayed users: the domain after the last '@', trimmed,
// compared case-insensitively as a whole domain. lowered_free_domains: the policy's, lower case.
bool is_free_hosted_email(std::string_view email, const std::vector<std::string>& lowered_free_domains) {
    const std::string domain = lower_case(detail::trim_field(email.substr(email.rfind('@') + 1)));
    return std::find(lowered_free_domains.begin(), lowered_free_domains.end(), domain) != lowered_free_domains.end();
}

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

/// Partners [first, end) of a replication, as a population of their own (user
/// and credit indices, and Credit::partner, local to the chunk).
GeneratedPopulation generate_chunk(const Catalog& catalog, const DomainRule& domains, const Behavior& behavior,
                                   const std::vector<std::pair<int, double>>& offer_mix, int64_t first, int64_t end,
                                   Date start, int months, uint64_t seed, int replication) {
    GeneratedPopulation generated;
    Population& population = generated.population;
    population.catalog = catalog;
    population.partners.reserve(size_t(end - first));
    generated.traits.reserve(size_t(end - first));

    const uint32_t rep = uint32_t(replication);
    const Date run_end_day = add_months(start, months);
    const int join_window_months = std::min(behavior.join_window_months, months);
    const int32_t join_window_days = join_window_months > 0 ? add_months(start, join_window_months) - start : 1;
    const double intensity_mu = behavior.usage_intensity_median > 0 ? std::log(behavior.usage_intensity_median) : 0;

    for (int64_t k = first; k < end; ++k) {
        const uint32_t index = uint32_t(k);
        Partner partner;
        partner.id = "G" + zero_padded(uint64_t(k) + 1, 7);

        RandomStream offer_stream(seed, rep, index, Purpose::offer);
        partner.offer = draw_offer(offer_stream, offer_mix);

        RandomStream join_stream(seed, rep, index, Purpose::join);
        const int32_t join_offset = std::min(int32_t(join_stream.uniform() * join_window_days), join_window_days - 1);
        partner.joined = start.plus_days(join_offset);

        // Consecutive anniversaries renewed until the first refusal; only those the run reaches count.
        RandomStream renewal_stream(seed, rep, index, Purpose::renewal);
        partner.renewals = 0;
        while (add_months(partner.joined, 12 * (partner.renewals + 1)) < run_end_day &&
               renewal_stream.bernoulli(behavior.renewal_probability))
            ++partner.renewals;

        RandomStream users_stream(seed, rep, index, Purpose::users);
        const uint32_t user_count = 1 + users_stream.poisson(behavior.users_mean - 1);
        const size_t id_width = std::max<size_t>(2, std::to_string(user_count).size());
        const std::string company_domain = "partner" + std::to_string(uint64_t(k) + 1) + ".example";
        const bool is_company_free_hosted = is_free_hosted_email("u@" + company_domain, domains.lowered_free_domains);
        RandomStream domain_stream(seed, rep, index, Purpose::free_hosted);
        partner.first_user = uint32_t(population.users.size());
        partner.user_count = user_count;
        for (uint32_t u = 0; u < user_count; ++u) {
            User user;
            user.id = "u" + zero_padded(u + 1, id_width);
            user.partner = uint32_t(k - first);
            const bool wants_free_hosted = domain_stream.bernoulli(behavior.free_hosted_share);
            const double domain_draw = domain_stream.uniform();
            const auto& free_domains = domains.free_domains;
            if (wants_free_hosted && !free_domains.empty()) {
                const size_t pick = std::min(size_t(domain_draw * double(free_domains.size())), free_domains.size() - 1);
                user.email = user.id + "@" + free_domains[pick];
                user.is_free_hosted = domains.is_free_domain_free_hosted[pick];
            } else {
                user.email = user.id + "@" + company_domain;
                user.is_free_hosted = is_company_free_hosted;
            }
            population.users.push_back(std::move(user));
        }

        PartnerTraits traits;
        RandomStream idle_stream(seed, rep, index, Purpose::idle);
        RandomStream level_stream(seed, rep, index, Purpose::usage_level);
        traits.is_idle = idle_stream.bernoulli(behavior.idle_share);
        const double level = behavior.usage_intensity_median > 0
                                 ? level_stream.lognormal(intensity_mu, behavior.usage_intensity_sigma)
                                 : 0.0;
        traits.usage_intensity = traits.is_idle ? behavior.idle_intensity : level;

        population.partners.push_back(std::move(partner));
        generated.traits.push_back(traits);
    }
    award_all_credits(population);
    return generated;
}

/// Moves chunk-local partners, users and credits to their places in `to`, starting
/// at the given indices, making the chunk's indices global.
void move_chunk(GeneratedPopulation& chunk, uint32_t first_partner, uint32_t first_user, uint32_t first_credit,
                GeneratedPopulation& to) {
    Population& from = chunk.population;
    Population& pop = to.population;
    for (size_t p = 0; p < from.partners.size(); ++p) {
        Partner& partner = from.partners[p];
        partner.first_user += first_user;
        partner.first_credit += first_credit;
        pop.partners[first_partner + p] = std::move(partner);
        to.traits[first_partner + p] = chunk.traits[p];
    }
    for (size_t u = 0; u < from.users.size(); ++u) {
        from.users[u].partner += first_partner;
        pop.users[first_user + u] = std::move(from.users[u]);
    }
    for (size_t c = 0; c < from.credits.size(); ++c) {
        from.credits[c].partner += first_partner;
        pop.credits[first_credit + c] = std::move(from.credits[c]);
        pop.credits_by_partner[first_credit + c] = first_credit + from.credits_by_partner[c];
    }
    chunk = GeneratedPopulation{};
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

    // Partners are drawn in chunks on threads, each chunk a population of its own; then the
    // chunks are laid end to end. Fixed-width ids ("G" + 7 digits) make that the id order of
    // the credits too: every credit id of a partner sorts before those of the next partner.
    auto T0 = std::chrono::steady_clock::now(); auto TS=[&](const char* w){ fprintf(stderr, "GTIMING %s %.3f\n", w, std::chrono::duration<double>(std::chrono::steady_clock::now()-T0).count()); };
    const DomainRule domains(policy);
    const int chunk_count = int((partners + kPartnersPerChunk - 1) / kPartnersPerChunk);
    std::vector<GeneratedPopulation> chunks(static_cast<size_t>(chunk_count));
    for_each_item(chunk_count, threads, [&](int i) {
        const int64_t first = int64_t(i) * kPartnersPerChunk;
        chunks[size_t(i)] = generate_chunk(catalog, domains, behavior, offer_mix, first,
                                           std::min(partners, first + kPartnersPerChunk), start, months, seed,
                                           replication);
    });

    TS("chunks");
    std::vector<uint32_t> first_partner(chunks.size()), first_user(chunks.size()), first_credit(chunks.size());
    size_t user_count = 0, credit_count = 0;
    for (size_t i = 0; i < chunks.size(); ++i) {
        first_partner[i] = uint32_t(int64_t(i) * kPartnersPerChunk);
        first_user[i] = uint32_t(user_count);
        first_credit[i] = uint32_t(credit_count);
        user_count += chunks[i].population.users.size();
        credit_count += chunks[i].population.credits.size();
    }
    CREDITSIM_ASSERT(user_count < kNone && credit_count < kNone, "too many users or credits for 32-bit indices");
    GeneratedPopulation generated;
    Population& population = generated.population;
    population.catalog = catalog;
    population.partners.resize(size_t(partners));
    generated.traits.resize(size_t(partners));
    population.users.resize(user_count);
    population.credits.resize(credit_count);
    population.credits_by_partner.resize(credit_count);
    TS("resize");
    for_each_item(chunk_count, threads, [&](int i) {
        move_chunk(chunks[size_t(i)], first_partner[size_t(i)], first_user[size_t(i)], first_credit[size_t(i)],
                   generated);
    });
    TS("moved");
    return generated;
}

}  // namespace creditsim
