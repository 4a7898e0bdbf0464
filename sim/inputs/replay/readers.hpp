#pragma once
// Internals of sim/inputs/replay/replay_inputs.hpp: one reader per input file, sharing what
// earlier files established. A row that an earlier file's problem makes
// meaningless (a partner whose own row was refused, an offer or credit whose
// catalog line was refused) is skipped without a second message; every other
// problem is reported.

#include <optional>
#include <set>
#include <string_view>
#include <string>
#include <utility>
#include <vector>

#include "model/date.hpp"
#include "model/errors.hpp"
#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/csv/field_checks.hpp"
#include "sim/inputs/replay/replay_inputs.hpp"

namespace creditsim::detail {

/// Offers and (offer, credit) pairs named on catalog lines that had problems.
struct CatalogGaps {
    bool is_unreadable = false;  ///< missing file or header: no offer can be checked
    std::set<std::string> offers;
    std::set<std::pair<std::string, std::string>> credits;
};

/// Partner index value of a partner whose row was refused (other files skip its rows).
constexpr uint32_t kRefusedPartner = 0xFFFFFFF0u;

/// What the readers share while loading the replay inputs of one scenario.
struct ReplayContext {
    const Scenario& scenario;
    ProblemList& problems;
    ReplayInputs& inputs;
    CatalogGaps catalog_gaps;
    /// Partner id -> index into population.partners, or kRefusedPartner.
    StringIndex partner_index;
    /// partners.csv is missing or its header is bad: no partner id can be checked.
    bool are_partners_unreadable = false;
};

/// Reads catalog.csv at path; problems are added (among them a currency column other than
/// run_currency), gaps (if not null) filled, and (path, hash) appended to hashes (if not null)
/// when the file could be opened.
Catalog read_catalog(const std::string& path, std::string_view run_currency, ProblemList& problems,
                     CatalogGaps* gaps, std::vector<std::pair<std::string, std::string>>* hashes);

/// Fills population.partners (sorted by id), the credits they are awarded and context.partner_index.
void read_partners(ReplayContext& context);
/// Fills population.users (grouped by partner, sorted by id) and Partner::first_user/user_count.
void read_users(ReplayContext& context);
/// Fills history.actions (sorted by action_before) and notes.actions_outside_run.
void read_actions(ReplayContext& context);
/// Fills population.subscriptions, history.demand and notes.usage_outside_run.
void read_usage(ReplayContext& context);

/// The partner index for id: an index, kRefusedPartner (also for any id when
/// partners.csv could not be read), or kNone when no row named it.
uint32_t lookup_partner(const ReplayContext& context, std::string_view id);

// Field readers the files share: each reports its problem in column of the current row.

/// Whether partner (from lookup_partner for the id in column) is known or refused;
/// reports "unknown partner" and returns false when it is kNone.
template <unsigned N>
bool check_partner_known(CsvInput<N>& input, unsigned column, uint32_t partner) {
    if (partner != kNone) return true;
    input.report_field(column, "unknown partner " + in_quotes(input.field(column)));
    return false;
}

/// The date YYYY-MM-DD in column; reports it and returns nullopt when it is not one.
template <unsigned N>
std::optional<Date> read_date(CsvInput<N>& input, unsigned column) {
    const std::string_view text = input.field(column);
    const std::optional<Date> day = parse_date(text);
    if (!day) input.report_field(column, "expected a date YYYY-MM-DD; " + got(text));
    return day;
}

/// Reads the whole number of `what` in column, from min_value to max_value, into value;
/// a blank field (meaning `blank`, as the message says) leaves value as it is. Reports
/// and returns false when the field is not such a number.
template <unsigned N>
bool read_optional_whole_number(CsvInput<N>& input, unsigned column, int min_value, int max_value, const char* what,
                                const char* blank, int& value) {
    const std::string_view text = input.field(column);
    if (text.empty()) return true;
    const std::optional<int> number = parse_whole_number(text, min_value, max_value);
    if (!number) {
        input.report_field(column, std::string("expected a whole number of ") + what + " from " +
                                       std::to_string(min_value) + " to " + std::to_string(max_value) +
                                       " (blank: " + blank + "); " + got(text));
        return false;
    }
    value = *number;
    return true;
}

}  // namespace creditsim::detail
