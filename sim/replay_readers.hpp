#pragma once
// Internals of sim/replay_inputs.hpp: one reader per input file, sharing what
// earlier files established. A row that an earlier file's problem makes
// meaningless (a partner whose own row was refused, an offer or credit whose
// catalog line was refused) is skipped without a second message; every other
// problem is reported.

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/errors.hpp"
#include "sim/input_fields.hpp"
#include "sim/replay_inputs.hpp"

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

/// Reads catalog.csv at path; problems are added, gaps (if not null) filled, and
/// (path, hash) appended to hashes (if not null) when the file could be opened.
Catalog read_catalog(const std::string& path, ProblemList& problems, CatalogGaps* gaps,
                     std::vector<std::pair<std::string, std::string>>* hashes);

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

}  // namespace creditsim::detail
