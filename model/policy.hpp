#pragma once
// The credit policy of SPEC section 5 ([policy]): the rules a what-if changes.

#include <string>
#include <vector>

#include "model/decimal.hpp"

namespace creditsim {

enum class Flow { legacy, billing_profile };
enum class PeriodKind { anniversary, calendar };
enum class BurnOrder { earliest_end_first, largest_balance_first, monthly_first };

struct Policy {
    Flow flow = Flow::legacy;
    PeriodKind period = PeriodKind::anniversary;
    bool prorate_first_period = false;
    int validity_months = 13;  ///< billing periods a monthly credit is valid
    /// Fraction of unused monthly credit carried to the next period, exact (0..1).
    ExactDecimal carry_forward;
    BurnOrder burn_order = BurnOrder::earliest_end_first;
    int max_reassignments = 5;
    bool bulk_reassignable = false;
    int max_bulk_per_user = 1;
    bool block_free_hosted = true;
    /// Lower-case whole domains.
    std::vector<std::string> free_hosted_domains = {"gmail.com", "outlook.com", "hotmail.com",
                                                    "live.com",  "yahoo.com",   "icloud.com",
                                                    "aol.com",   "msn.com",     "proton.me"};
    int activation_window_days = 365;
    int notice_days = 5;
    int retention_days = 90;
};

const char* to_string(Flow flow);
const char* to_string(PeriodKind period);
const char* to_string(BurnOrder order);

}  // namespace creditsim
