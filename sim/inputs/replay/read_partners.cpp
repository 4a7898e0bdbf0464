// partners.csv (SPEC 6): partner_id,offer,joined[,renewals].
#include <algorithm>

#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/replay/readers.hpp"

namespace creditsim::detail {
namespace {

enum Column : unsigned { kPartnerId, kOffer, kJoined, kRenewals };
constexpr std::array<const char*, 4> kColumns = {"partner_id", "offer", "joined", "renewals"};
constexpr uint32_t kOptionalRenewals = 1u << kRenewals;

// Sanity bound: a typo must not award credits for a thousand years.
constexpr int kMaxRenewals = 100;

std::string offer_list(const Catalog& catalog) {
    if (catalog.offers().empty()) return "(none)";
    std::string text;
    for (const auto& offer : catalog.offers()) {
        if (!text.empty()) text += ", ";
        text += offer;
    }
    return text;
}

}  // namespace

uint32_t lookup_partner(const ReplayContext& context, std::string_view id) {
    const auto it = context.partner_index.find(id);
    if (it != context.partner_index.end()) return it->second;
    return context.are_partners_unreadable ? kRefusedPartner : kNone;
}

void read_partners(ReplayContext& context) {
    Population& population = context.inputs.population;
    const Catalog& catalog = population.catalog;
    CsvInput<4> input(context.scenario.partners_file, kColumns, context.problems, kOptionalRenewals);
    context.are_partners_unreadable = !input.has_rows();
    StringIndex first_line;  // partner id -> line, for duplicates
    std::vector<std::string> refused;

    while (input.next_row()) {
        const std::string_view id = input.field(kPartnerId);
        bool is_good = true;
        bool has_id = true;
        if (id.empty()) {
            input.report_field(kPartnerId, "expected a non-empty partner id; got an empty field");
            is_good = has_id = false;
        } else if (!has_none_of(id, "/")) {
            input.report_field(kPartnerId, "expected a partner id without '/'; " + got(id));
            is_good = has_id = false;
        } else {
            const auto [it, is_new] = first_line.emplace(std::string(id), uint32_t(input.line()));
            if (!is_new) {
                input.report_field(kPartnerId,
                                   "partner " + in_quotes(id) + " is already on line " + std::to_string(it->second));
                is_good = has_id = false;  // the first row stands for this id
            }
        }

        Partner partner;
        const std::string_view offer = input.field(kOffer);
        const int offer_index = catalog.find_offer(std::string(offer));
        if (offer_index < 0) {
            // An offer whose catalog lines were all refused was reported with the catalog.
            if (!context.catalog_gaps.is_unreadable && !context.catalog_gaps.offers.count(std::string(offer)))
                input.report_field(kOffer, "unknown offer " + in_quotes(offer) + "; the catalog has: " + offer_list(catalog));
            is_good = false;
        }
        partner.offer = offer_index;

        const auto day = read_date(input, kJoined);
        if (!day) {
            is_good = false;
        } else {
            partner.joined = *day;
            // Reported, but the partner is kept: its other rows can still be checked.
            if (*day < context.scenario.start)
                input.report_field(kJoined, "partner joined on " + day->to_string() + ", before the run's start " +
                                                context.scenario.start.to_string() +
                                                ": start the run at or before the earliest join");
        }

        if (!read_optional_whole_number(input, kRenewals, 0, kMaxRenewals, "renewals", "never", partner.renewals))
            is_good = false;

        if (is_good) {
            partner.id = std::string(id);
            population.partners.push_back(std::move(partner));
        } else if (has_id) {
            refused.emplace_back(id);
        }
    }
    input.append_hash(context.inputs.input_hashes);

    std::sort(population.partners.begin(), population.partners.end(),
              [](const Partner& a, const Partner& b) { return a.id < b.id; });
    award_all_credits(population);

    context.partner_index.reserve(population.partners.size() + refused.size());
    for (uint32_t p = 0; p < population.partners.size(); ++p) context.partner_index.emplace(population.partners[p].id, p);
    for (auto& id : refused) context.partner_index.emplace(std::move(id), kRefusedPartner);
}

}  // namespace creditsim::detail
