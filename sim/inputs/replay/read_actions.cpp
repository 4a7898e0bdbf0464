// actions.csv (SPEC 6): date,partner_id,action,credit_id,user_id.
#include <algorithm>
#include <optional>

#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/replay/readers.hpp"

namespace creditsim::detail {
namespace {

enum Column : unsigned { kDate, kPartnerId, kAction, kCreditId, kUserId };
constexpr std::array<const char*, 5> kColumns = {"date", "partner_id", "action", "credit_id", "user_id"};

std::optional<ActionKind> parse_action(std::string_view text) {
    for (int k = 0; k < kActionKindCount; ++k)
        if (text == to_string(ActionKind(k))) return ActionKind(k);
    return std::nullopt;
}

std::string action_list() {
    std::string text;
    for (int k = 0; k < kActionKindCount; ++k) {
        if (k > 0) text += ", ";
        text += to_string(ActionKind(k));
    }
    return text;
}

// The credit name of an id "<partner>/<year>/<credit>[#k]" of that partner, or "" when it has another shape.
std::string_view credit_name_of(std::string_view credit_id, std::string_view partner_id) {
    if (credit_id.substr(0, partner_id.size()) != partner_id) return {};
    credit_id.remove_prefix(partner_id.size());
    if (credit_id.empty() || credit_id.front() != '/') return {};
    const size_t slash = credit_id.find('/', 1);
    if (slash == std::string_view::npos) return {};
    std::string_view name = credit_id.substr(slash + 1);
    return name.substr(0, name.find('#'));
}

// "(offer ap awards: azure_monthly, gold#1..#3; membership years 1 to 2)".
std::string awards_of(const Population& population, const Partner& partner) {
    const Catalog& catalog = population.catalog;
    std::string text = "(offer " + catalog.offers()[partner.offer] + " awards: ";
    bool is_first = true;
    for (uint32_t index : catalog.lines_of_offer(partner.offer)) {
        const CatalogLine& line = catalog.lines()[index];
        if (!is_first) text += ", ";
        is_first = false;
        text += line.credit;
        if (line.count > 1) text += "#1..#" + std::to_string(line.count);
    }
    if (partner.renewals == 0)
        text += "; membership year 1 only)";
    else
        text += "; membership years 1 to " + std::to_string(partner.renewals + 1) + ")";
    return text;
}

}  // namespace

void read_actions(ReplayContext& context) {
    Population& population = context.inputs.population;
    History& history = context.inputs.history;
    const Date run_start = context.scenario.start, run_end_day = context.scenario.end_day();
    CsvInput<5> input(context.scenario.actions_file, kColumns, context.problems);
    std::string credit_key, user_key;  // reused: no allocation per row

    while (input.next_row()) {
        bool is_good = true;
        Action action;
        action.line = uint32_t(input.line());

        const auto day = read_date(input, kDate);
        if (!day) {
            is_good = false;
        } else {
            action.day = *day;
        }

        const uint32_t partner = lookup_partner(context, input.field(kPartnerId));
        if (!check_partner_known(input, kPartnerId, partner)) is_good = false;

        const std::string_view kind_text = input.field(kAction);
        const auto kind = parse_action(kind_text);
        if (!kind) {
            input.report_field(kAction, "expected one of " + action_list() + "; " + got(kind_text));
            is_good = false;
        } else {
            action.kind = *kind;
        }

        const std::string_view credit_id = input.field(kCreditId);
        if (credit_id.empty()) {
            input.report_field(kCreditId, "expected a credit id like P1/1/azure_monthly; got an empty field");
            is_good = false;
        } else if (partner != kNone && partner != kRefusedPartner) {
            credit_key.assign(credit_id);
            const uint32_t credit = population.find_credit(credit_key);
            const Partner& owner = population.partners[partner];
            if (credit != kNone && population.credits[credit].partner == partner) {
                action.credit = credit;
            } else if (credit != kNone) {
                input.report_field(kCreditId, "credit " + in_quotes(credit_id) + " belongs to partner " +
                                                  population.partners[population.credits[credit].partner].id +
                                                  ", not to " + owner.id);
                is_good = false;
            } else {
                // A credit whose catalog line was refused was reported with the catalog.
                const std::string_view name = credit_name_of(credit_id, owner.id);
                const bool is_gap = !name.empty() &&
                    context.catalog_gaps.credits.count({population.catalog.offers()[owner.offer], std::string(name)});
                if (!is_gap)
                    input.report_field(kCreditId, "credit " + in_quotes(credit_id) + " is not awarded by partner " +
                                                      owner.id + "'s membership " + awards_of(population, owner));
                is_good = false;
            }
        }

        if (!is_good || partner == kRefusedPartner) continue;
        if (action.kind == ActionKind::assign) {
            // An empty or unknown user is not an input error: the engine rejects it as unknown_user.
            user_key.assign(input.field(kUserId));
            const uint32_t user = user_key.empty() ? kNone : population.find_user(partner, user_key);
            action.user = user == kNone ? kUnknownUser : user;
        }
        if (action.day < run_start || action.day >= run_end_day) {
            ++context.inputs.notes.actions_outside_run;
            continue;
        }
        history.actions.push_back(action);
    }
    input.append_hash(context.inputs.input_hashes);

    std::sort(history.actions.begin(), history.actions.end(), action_before);
}

}  // namespace creditsim::detail
