#include "app/headline.hpp"

#include <cstdio>

namespace creditsim::cli {

std::string format_headline(const std::vector<ReplicationResult>& replications, std::string_view currency_code) {
    SummaryMonth total;
    for (const auto& r : replications)
        for (const auto& m : r.summary) total += m;
    const int64_t n = replications.empty() ? 1 : int64_t(replications.size());
    auto mean = [n](Money m) { return Money::from_cents(divide_round_half_even(m.cents(), n)); };
    const Money payg = total.flows.payg_overage + total.flows.payg_ineligible + total.flows.payg_other;
    // Every cent granted is used, lapsed, expired or still on a credit at the run's end. Means
    // rounded one by one need not add up: the closing balance's is the rest of the others'
    // (within 2 cents of its exact mean), so that the printed identity holds.
    const Money closing_mean =
        mean(total.granted) - mean(total.flows.credit_used) - mean(total.lapsed) - mean(total.expired);
    const std::string currency(currency_code);
    std::string text = n > 1 ? "headline (" + currency + ", mean of " + std::to_string(n) + " replications):\n"
                             : "headline (" + currency + "):\n";
    auto shown = [&](const char* label, Money value, const char* note) {
        char buf[192];
        std::snprintf(buf, sizeof buf, "  %-17s %16s %s%s\n", label, value.to_string().c_str(), currency.c_str(),
                      note);
        text += buf;
    };
    auto line = [&](const char* label, Money amount, const char* note) { shown(label, mean(amount), note); };
    // The balance identity the numbers satisfy, one term a line.
    line("credit granted", total.granted, "  = used + lapsed + expired + closing balance");
    line("  used", total.flows.credit_used, "");
    line("  lapsed", total.lapsed, "");
    line("  expired", total.expired, "");
    shown("  closing balance", closing_mean, "  (still on credits at the run's end)");
    line("forfeited value", total.forfeited_value, "  (never granted: credits not redeemed in time)");
    line("PAYG billed", payg, "");
    line("unserved demand", total.flows.unserved, "");
    return text;
}

}  // namespace creditsim::cli
