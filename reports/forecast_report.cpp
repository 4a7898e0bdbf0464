#include "reports/forecast_report.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "model/errors.hpp"
#include "reports/metrics.hpp"
#include "reports/statistics.hpp"

namespace creditsim {

const char* to_string(ForecastMetric metric) {
    switch (metric) {
        case ForecastMetric::demand: return "demand";
        case ForecastMetric::credit_used: return "credit_used";
        case ForecastMetric::lapsed: return "lapsed";
        case ForecastMetric::expired: return "expired";
        case ForecastMetric::payg_billed: return "payg_billed";
        case ForecastMetric::unserved: return "unserved";
    }
    return "?";
}

int64_t metric_cents(const SummaryMonth& m, ForecastMetric metric) {
    switch (metric) {
        case ForecastMetric::demand: return m.flows.demand.cents();
        case ForecastMetric::credit_used: return m.flows.credit_used.cents();
        case ForecastMetric::lapsed: return m.lapsed.cents();
        case ForecastMetric::expired: return m.expired.cents();
        case ForecastMetric::payg_billed:
            return m.flows.payg_overage.cents() + m.flows.payg_ineligible.cents() + m.flows.payg_other.cents();
        case ForecastMetric::unserved: return m.flows.unserved.cents();
    }
    return 0;
}

std::vector<std::vector<MonthOutlook>> summarize_months(const std::vector<ReplicationResult>& replications,
                                                        Date as_of) {
    CREDITSIM_ASSERT(!replications.empty(), "a forecast of no replication");
    const int first_month_key = replications.front().first_month_key;
    const int month_count = replications.front().month_count;
    std::vector<std::vector<MonthOutlook>> table(kForecastMetricCount);
    Eigen::VectorXd values(Eigen::Index(replications.size()));
    for (int metric = 0; metric < kForecastMetricCount; ++metric) {
        for (int month = 0; month < month_count; ++month) {
            for (size_t r = 0; r < replications.size(); ++r)
                values(Eigen::Index(r)) =
                    double(metric_cents(replications[r].summary[size_t(month)], ForecastMetric(metric)));
            std::sort(values.data(), values.data() + values.size());
            MonthOutlook m;
            m.month_key = first_month_key + month;
            m.is_actual = month_key_first_day(m.month_key + 1) <= as_of.plus_days(1);
            m.mean = values.mean();
            m.p10 = quantile_type7(values, 10);
            m.p50 = quantile_type7(values, 50);
            m.p90 = quantile_type7(values, 90);
            table[size_t(metric)].push_back(m);
        }
    }
    return table;
}

void write_forecast_csv(CsvWriter& out, const std::vector<std::vector<MonthOutlook>>& months,
                        std::string_view currency) {
    out.raw("month,metric,kind,mean,p10,p50,p90,unit\n");
    std::vector<std::string> units;
    for (int metric = 0; metric < kForecastMetricCount; ++metric)
        units.push_back(cli::unit_label(cli::metric_unit(to_string(ForecastMetric(metric))), currency));
    const size_t month_count = months.empty() ? 0 : months.front().size();
    for (size_t month = 0; month < month_count; ++month)
        for (int metric = 0; metric < kForecastMetricCount; ++metric) {
            const MonthOutlook& m = months[size_t(metric)][month];
            out.month(m.month_key)
                .text(to_string(ForecastMetric(metric)))
                .text(m.is_actual ? "actual" : "forecast")
                .text(format_money_statistic(m.mean))
                .text(format_money_statistic(m.p10))
                .text(format_money_statistic(m.p50))
                .text(format_money_statistic(m.p90))
                .text(units[size_t(metric)])
                .end_row();
        }
}

namespace {

enum class TermOutcome : uint8_t { running, converted, disabled, deleted };

// Each credit's state at the end of one replication, from its events.
std::map<uint32_t, TermOutcome> term_outcomes(const ReplicationResult& result) {
    std::map<uint32_t, TermOutcome> outcome;
    for (const Event& e : result.events) {
        if (e.kind == EventKind::convert) outcome[e.subject] = TermOutcome::converted;
        if (e.kind == EventKind::disable && e.detail == uint32_t(DisableReason::term_ended))
            outcome[e.subject] = TermOutcome::disabled;
        if (e.kind == EventKind::deletion) outcome[e.subject] = TermOutcome::deleted;
    }
    return outcome;
}

// The nearest-rank quantile (the smallest value with at least percent% of the
// runs at or below it) of exhaustion days; a run that never exhausts is later
// than every day.
std::optional<Date> nearest_rank(const std::vector<Date>& sorted_days, int runs, int percent) {
    const int rank = std::max(1, (runs * percent + 99) / 100);  // 1-based
    if (rank > int(sorted_days.size())) return std::nullopt;
    return sorted_days[size_t(rank - 1)];
}

struct PeriodRuns {
    Date last_day;
    int runs = 0;
    std::vector<Date> exhausted_days;
    int64_t lapsed = 0, expired = 0, closing = 0;
};

}  // namespace

std::vector<CreditPeriodOutlook> summarize_credits(const std::vector<ReplicationResult>& replications, Date as_of) {
    // By (credit, period start): credit indices are ranks of credit ids.
    std::map<std::pair<uint32_t, int32_t>, PeriodRuns> periods;
    std::map<uint32_t, std::array<int, 4>> outcomes;
    for (const ReplicationResult& result : replications) {
        std::map<uint32_t, std::vector<Date>> exhausted_on;
        for (const Exhaustion& e : result.exhaustions) exhausted_on[e.credit].push_back(e.day);
        for (const LedgerRow& row : result.ledger) {
            if (row.period_last_day <= as_of) continue;
            PeriodRuns& p = periods[{row.credit, row.period_start.serial()}];
            p.last_day = row.period_last_day;
            ++p.runs;
            p.lapsed += row.lapsed.cents();
            p.expired += row.expired.cents();
            p.closing += row.closing.cents();
            for (const Date day : exhausted_on[row.credit])
                if (day >= row.period_start && day <= row.period_last_day) {
                    p.exhausted_days.push_back(day);
                    break;  // a balance reaches zero once a period: nothing is granted within one
                }
            outcomes.try_emplace(row.credit, std::array<int, 4>{});
        }
        const std::map<uint32_t, TermOutcome> outcome = term_outcomes(result);
        for (auto& [credit, counts] : outcomes) {
            const auto found = outcome.find(credit);
            ++counts[size_t(found == outcome.end() ? TermOutcome::running : found->second)];
        }
    }
    const double runs = double(replications.size());
    std::vector<CreditPeriodOutlook> rows;
    for (auto& [key, p] : periods) {
        CreditPeriodOutlook row;
        row.credit = key.first;
        row.period_start = Date::from_serial(key.second);
        row.period_last_day = p.last_day;
        row.replications = p.runs;
        row.exhausted = int(p.exhausted_days.size());
        std::sort(p.exhausted_days.begin(), p.exhausted_days.end());
        row.exhausted_p10 = nearest_rank(p.exhausted_days, p.runs, 10);
        row.exhausted_p50 = nearest_rank(p.exhausted_days, p.runs, 50);
        row.exhausted_p90 = nearest_rank(p.exhausted_days, p.runs, 90);
        row.lapsed_mean = double(p.lapsed) / p.runs;
        row.expired_mean = double(p.expired) / p.runs;
        row.closing_mean = double(p.closing) / p.runs;
        const std::array<int, 4>& counts = outcomes.at(row.credit);
        row.converted_share = counts[size_t(TermOutcome::converted)] / runs;
        row.disabled_share = counts[size_t(TermOutcome::disabled)] / runs;
        row.deleted_share = counts[size_t(TermOutcome::deleted)] / runs;
        rows.push_back(row);
    }
    return rows;
}

void write_credits_forecast_csv(CsvWriter& out, const Population& population,
                                const std::vector<CreditPeriodOutlook>& credits, std::string_view currency) {
    out.raw("partner_id,credit_id,kind,scope,period_start,period_end,exhausted_share,exhausted_p10,exhausted_p50,"
            "exhausted_p90,lapsed_mean,expired_mean,closing_mean,converted_share,disabled_share,deleted_share,currency\n");
    auto day_or_never = [&](const std::optional<Date>& day) -> CsvWriter& {
        return day ? out.date(*day) : out.text("never");
    };
    for (const CreditPeriodOutlook& c : credits) {
        const Credit& credit = population.credits[c.credit];
        const CatalogLine& line = population.catalog.lines()[credit.catalog_line];
        out.text(population.partners[credit.partner].id)
            .text(credit.id)
            .text(to_string(line.kind))
            .text(population.catalog.scope_name(line.scope))
            .date(c.period_start)
            .date(c.period_last_day)
            .text(format_count_statistic(double(c.exhausted) / c.replications));
        day_or_never(c.exhausted_p10);
        day_or_never(c.exhausted_p50);
        day_or_never(c.exhausted_p90);
        out.text(format_money_statistic(c.lapsed_mean))
            .text(format_money_statistic(c.expired_mean))
            .text(format_money_statistic(c.closing_mean))
            .text(format_count_statistic(c.converted_share))
            .text(format_count_statistic(c.disabled_share))
            .text(format_count_statistic(c.deleted_share))
            .text(currency)
            .end_row();
    }
}

}  // namespace creditsim
