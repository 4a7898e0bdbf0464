#include "reports/metrics.hpp"

#include <cstdint>

#include "model/errors.hpp"
#include "reports/forecast_report.hpp"

namespace creditsim::cli {
namespace {

/// Sum of an exact integer field (cents or a count) over months [first, end).
template <typename Field>
double sum_months(const ReplicationResult& r, int first, int end, Field field) {
    int64_t total = 0;
    for (int m = first; m < end; ++m) total += field(r.summary[size_t(m)]);
    return double(total);
}

int64_t breakage_cents(const SummaryMonth& m) {
    return m.lapsed.cents() + m.expired.cents() + m.forfeited_value.cents();
}

// Each table row's value function: a captureless lambda converts to the function pointer.
#define CREDITSIM_SUM(expression)                                                            \
    [](const ReplicationResult& r, int first, int end) -> double {                           \
        return sum_months(r, first, end, [](const SummaryMonth& m) -> int64_t { return expression; }); \
    }
#define CREDITSIM_REJECTED(reason)                                                         \
    {"rejected_" #reason, MetricUnit::count, "assignments rejected for " #reason " (docs/INPUTS.md, assignment rules)", \
     CREDITSIM_SUM(m.rejected[int(RejectReason::reason)])}

}  // namespace

const std::vector<MetricDefinition>& metric_definitions() {
    static const std::vector<MetricDefinition> table = {
        {"demand", MetricUnit::money, "usage demanded (credit_used + payg_billed + unserved)",
         CREDITSIM_SUM(m.flows.demand.cents())},
        {"granted", MetricUnit::money, "credit granted (period grants and bulk deposits)",
         CREDITSIM_SUM(m.granted.cents())},
        {"credit_used", MetricUnit::money, "usage paid by credits", CREDITSIM_SUM(m.flows.credit_used.cents())},
        {"lapsed", MetricUnit::money, "monthly credit unused at a period end (less carry-forward)",
         CREDITSIM_SUM(m.lapsed.cents())},
        {"expired", MetricUnit::money, "bulk credit left at its end day", CREDITSIM_SUM(m.expired.cents())},
        {"forfeited_value", MetricUnit::money, "nominal value of credits never redeemed",
         CREDITSIM_SUM(m.forfeited_value.cents())},
        {"breakage", MetricUnit::money, "lapsed + expired + forfeited_value", CREDITSIM_SUM(breakage_cents(m))},
        {"breakage_rate", MetricUnit::fraction, "breakage / granted over the period (0 when nothing was granted)",
         [](const ReplicationResult& r, int first, int end) -> double {
             const double granted = sum_months(r, first, end, [](const SummaryMonth& m) { return m.granted.cents(); });
             const double breakage = sum_months(r, first, end, breakage_cents);
             return granted == 0 ? 0.0 : breakage / granted;
         }},
        {"payg_billed", MetricUnit::money, "pay-as-you-go billed: payg_overage + payg_ineligible + payg_other",
         CREDITSIM_SUM(metric_cents(m, ForecastMetric::payg_billed))},
        {"payg_overage", MetricUnit::money, "covered usage beyond the credit, billed PAYG",
         CREDITSIM_SUM(m.flows.payg_overage.cents())},
        {"payg_ineligible", MetricUnit::money, "usage no credit pays for, billed PAYG",
         CREDITSIM_SUM(m.flows.payg_ineligible.cents())},
        {"payg_other", MetricUnit::money, "usage on converted or non-credit subscriptions",
         CREDITSIM_SUM(m.flows.payg_other.cents())},
        {"unserved", MetricUnit::money, "usage not served (disabled, blocked or missing subscription)",
         CREDITSIM_SUM(m.flows.unserved.cents())},
        {"disabled_days", MetricUnit::days, "credit subscription-days disabled at the end of the day",
         CREDITSIM_SUM(m.disabled_days)},
        {"awarded", MetricUnit::count, "credits awarded", CREDITSIM_SUM(m.awarded)},
        {"assigned", MetricUnit::count, "successful assignments", CREDITSIM_SUM(m.assigned)},
        {"activated", MetricUnit::count, "credits activated (redeemed or deposited)", CREDITSIM_SUM(m.activated)},
        {"rejected", MetricUnit::count, "assignments rejected, every reason",
         CREDITSIM_SUM([&m] {
             int64_t total = 0;
             for (int64_t n : m.rejected) total += n;
             return total;
         }())},
        CREDITSIM_REJECTED(unknown_user),
        CREDITSIM_REJECTED(free_hosted_domain),
        CREDITSIM_REJECTED(credit_not_assignable),
        CREDITSIM_REJECTED(bulk_not_reassignable),
        CREDITSIM_REJECTED(reassignment_cap),
        CREDITSIM_REJECTED(bulk_limit),
        {"disables", MetricUnit::count, "subscriptions disabled (limit reached or term ended)",
         CREDITSIM_SUM(m.disables)},
        {"conversions", MetricUnit::count, "subscriptions converted to PAYG", CREDITSIM_SUM(m.conversions)},
        {"deletions", MetricUnit::count, "subscriptions deleted after retention", CREDITSIM_SUM(m.deletions)},
        {"active_partners", MetricUnit::count, "partners whose membership overlaps the month, mean over the months",
         [](const ReplicationResult& r, int first, int end) -> double {
             if (end <= first) return 0.0;
             return sum_months(r, first, end, [](const SummaryMonth& m) { return m.active_partners; }) /
                    double(end - first);
         }},
    };
    static_assert(kRejectReasonCount == 6, "one rejected_<reason> metric per RejectReason");
    return table;
}

#undef CREDITSIM_SUM
#undef CREDITSIM_REJECTED

const MetricDefinition* find_metric(std::string_view name) {
    for (const MetricDefinition& metric : metric_definitions())
        if (name == metric.name) return &metric;
    return nullptr;
}

MetricUnit metric_unit(std::string_view name) {
    const MetricDefinition* metric = find_metric(name);
    CREDITSIM_ASSERT(metric != nullptr, "no metric named " << name << " in the metric table");
    return metric->unit;
}

std::string unit_label(MetricUnit unit, std::string_view currency) {
    switch (unit) {
        case MetricUnit::money: return std::string(currency);
        case MetricUnit::count: return "count";
        case MetricUnit::days: return "days";
        case MetricUnit::fraction: return "fraction";
    }
    CREDITSIM_ASSERT(false, "unknown metric unit " << int(unit));
    return "";
}

std::string metric_names() {
    std::string names;
    for (const MetricDefinition& metric : metric_definitions()) {
        if (!names.empty()) names += ", ";
        names += metric.name;
    }
    return names;
}

}  // namespace creditsim::cli
