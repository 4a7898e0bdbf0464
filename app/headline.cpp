#include "app/headline.hpp"

#include <cstdio>

#include "model/hash.hpp"

namespace creditsim::cli {

std::string format_headline(const std::vector<ReplicationResult>& replications) {
    SummaryMonth total;
    for (const auto& r : replications)
        for (const auto& m : r.summary) total += m;
    const int64_t n = replications.empty() ? 1 : int64_t(replications.size());
    auto mean = [n](Money m) { return Money::from_cents(divide_round_half_even(m.cents(), n)); };
    const Money payg = total.flows.payg_overage + total.flows.payg_ineligible + total.flows.payg_other;
    const std::pair<const char*, Money> lines[] = {
        {"credit granted", total.granted},         {"credit used", total.flows.credit_used},
        {"lapsed", total.lapsed},                  {"expired", total.expired},
        {"forfeited value", total.forfeited_value}, {"PAYG billed", payg},
        {"unserved demand", total.flows.unserved},
    };
    std::string text = n > 1 ? "headline (mean of " + std::to_string(n) + " replications):\n" : "headline:\n";
    for (const auto& [label, amount] : lines) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "  %-16s %16s\n", label, mean(amount).to_string().c_str());
        text += buf;
    }
    return text;
}

std::string hash_text(const std::string& text) { return to_hex16(fnv1a64(kFnv1aOffsetBasis, text)); }

}  // namespace creditsim::cli
