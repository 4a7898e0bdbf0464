#pragma once
// What partners did and consumed, as a replay records it: actions on credits
// and daily demand per subscription, read from files (or cut from a history
// and extended by a forecast). A generated run has no History: the engine asks
// its reactions for actions and its demand model for demand instead
// (sim/engine/reactions.hpp, sim/engine/demand_source.hpp), and applies both
// through the same steps.

#include <cstdint>
#include <vector>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/money.hpp"

namespace creditsim {

enum class ActionKind : uint8_t { assign, remove, redeem, limit_off, limit_period_off, limit_on, convert };
constexpr int kActionKindCount = 7;
const char* to_string(ActionKind kind);

/// SPEC 3 step 5: remove, assign, redeem, limit changes, convert.
constexpr int action_rank(ActionKind kind) {
    switch (kind) {
        case ActionKind::remove: return 0;
        case ActionKind::assign: return 1;
        case ActionKind::redeem: return 2;
        case ActionKind::limit_off:
        case ActionKind::limit_period_off:
        case ActionKind::limit_on: return 3;
        case ActionKind::convert: return 4;
    }
    return 5;
}

/// User index meaning "the user named is not a user of the credit's partner, or none was named".
constexpr uint32_t kUnknownUser = 0xFFFFFFFEu;

struct Action {
    Date day;
    ActionKind kind = ActionKind::assign;
    uint32_t credit = 0;          ///< index into Population::credits
    uint32_t user = kUnknownUser; ///< assign only: index into Population::users, or kUnknownUser
    uint32_t line = 0;            ///< source line (file order tie-break)
};

/// Strict order of application: (day, rank, credit id, line). A function
/// object rather than a function, so that std::sort and std::upper_bound
/// inline it instead of calling through a pointer (the engine sorts every
/// day's planned actions).
inline constexpr auto action_before = [](const Action& a, const Action& b) {
    if (a.day != b.day) return a.day < b.day;
    if (action_rank(a.kind) != action_rank(b.kind)) return action_rank(a.kind) < action_rank(b.kind);
    if (a.credit != b.credit) return a.credit < b.credit;
    return a.line < b.line;
};

/// A day's demand on one subscription in one category, already rounded to cents.
struct Demand {
    Date day;
    uint32_t subscription = 0;  ///< index into Population::subscriptions
    Category category = kEligible;
    Money amount;
};

/// Actions sorted by action_before; demand sorted by (day, subscription, category).
struct History {
    std::vector<Action> actions;
    std::vector<Demand> demand;
};

}  // namespace creditsim
