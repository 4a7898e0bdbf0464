#pragma once
// forecast.csv and credits_forecast.csv: a forecast's replications reduced
// to monthly distributions per metric, and per credit the distribution of the
// day each remaining period runs out, its expected lapse and its term-end
// outcome. Months that end on or before the as-of day are actual (every
// replication agrees on them); later months are forecast.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// The metrics of forecast.csv and backtest.csv, in report order.
enum class ForecastMetric : uint8_t { demand, credit_used, lapsed, expired, payg_billed, unserved };
constexpr int kForecastMetricCount = 6;
const char* to_string(ForecastMetric metric);
/// The metric's value in a summary month, in cents.
int64_t metric_cents(const SummaryMonth& month, ForecastMetric metric);

/// One metric in one calendar month across replications (cents).
struct MonthOutlook {
    int month_key = 0;
    bool is_actual = false;
    double mean = 0, p10 = 0, p50 = 0, p90 = 0;
};

/// [metric][month] over the replications' months (type-7 quantiles, as quantiles.csv).
std::vector<std::vector<MonthOutlook>> summarize_months(const std::vector<ReplicationResult>& replications,
                                                        Date as_of);

/// forecast.csv: month,metric,kind,mean,p10,p50,p90,unit (kind actual or forecast; unit the
/// metric's, the currency for every forecast metric).
void write_forecast_csv(CsvWriter& out, const std::vector<std::vector<MonthOutlook>>& months,
                        std::string_view currency);

/// One credit's billing period that is still open after the as-of day.
struct CreditPeriodOutlook {
    uint32_t credit = 0;
    Date period_start, period_last_day;
    int replications = 0;  ///< replications that have this period
    int exhausted = 0;     ///< of which the balance reached zero in it
    /// Nearest-rank quantiles of the exhaustion day, a run that never
    /// exhausts counting as later than any day; empty = never.
    std::optional<Date> exhausted_p10, exhausted_p50, exhausted_p90;
    double lapsed_mean = 0, expired_mean = 0, closing_mean = 0;  ///< cents
    /// The credit's state at the forecast's end, as shares of replications:
    /// converted to PAYG, disabled at term end (awaiting deletion), deleted.
    double converted_share = 0, disabled_share = 0, deleted_share = 0;
};

/// Every credit period whose last day is after as_of, by (credit id, period start).
std::vector<CreditPeriodOutlook> summarize_credits(const std::vector<ReplicationResult>& replications, Date as_of);

/// credits_forecast.csv, one row per CreditPeriodOutlook, ending with the currency of its amounts.
void write_credits_forecast_csv(CsvWriter& out, const Population& population,
                                const std::vector<CreditPeriodOutlook>& credits, std::string_view currency);

}  // namespace creditsim
