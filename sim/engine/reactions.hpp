#pragma once
// How a generated population's partners react to what happens in a run: the
// engine calls these on the few events behaviour depends on (never per
// subscription-day), and the behaviour answers with actions for later days.
// A replay has no reactions: its history is already complete.

#include <cstdint>

#include "model/date.hpp"
#include "model/history.hpp"
#include "model/records.hpp"

namespace creditsim {

/// Where reactions put the actions they decide on.
class ActionSink {
public:
    virtual ~ActionSink() = default;
    /// Plans an action on a credit of the partner being simulated; its day
    /// must be after today, or today when step 5 is still to come (an award's
    /// reaction). It is dropped when it falls after the run.
    virtual void plan(Date day, ActionKind kind, uint32_t credit, uint32_t user = kUnknownUser) = 0;
};

class Reactions {
public:
    virtual ~Reactions() = default;
    /// A credit was awarded today (legacy flow): plan its assignment and redemption.
    virtual void on_award(uint32_t credit, Date today, ActionSink& sink) = 0;
    /// An assign was rejected today with that reason.
    virtual void on_reject(uint32_t credit, uint32_t user, RejectReason reason, Date today, ActionSink& sink) = 0;
    /// A credit was redeemed today; end_day is its first day no longer valid.
    virtual void on_redeem(uint32_t credit, Date today, Date end_day, ActionSink& sink) = 0;
    /// A credit's subscription was disabled today because its limit was reached.
    virtual void on_limit_reached(uint32_t credit, Date today, ActionSink& sink) = 0;
};

}  // namespace creditsim
