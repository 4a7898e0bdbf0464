#include "reports/quantiles_report.hpp"

#include <Eigen/Core>

#include "model/errors.hpp"
#include "reports/statistics.hpp"
#include "reports/summary_report.hpp"

namespace creditsim {

void write_quantiles_csv(CsvWriter& out, const std::vector<ReplicationResult>& replications,
                         std::string_view currency) {
    CREDITSIM_ASSERT(!replications.empty(), "quantiles of no replication");
    const int first_month_key = replications.front().first_month_key;
    const int month_count = replications.front().month_count;
    for (const ReplicationResult& result : replications) {
        CREDITSIM_ASSERT(result.first_month_key == first_month_key && result.month_count == month_count,
                         "replication " << result.replication << " covers other months than replication "
                                        << replications.front().replication);
        CREDITSIM_ASSERT(result.summary.size() == size_t(month_count),
                         "replication " << result.replication << " has " << result.summary.size()
                                        << " summary months, expected " << month_count);
    }

    out.raw("month,metric,mean,p05,p50,p95,unit\n");
    const auto& columns = summary_columns();
    std::vector<std::string> units;
    for (const auto& column : columns) units.push_back(cli::unit_label(column.unit(), currency));
    const Eigen::Index replication_count = Eigen::Index(replications.size());
    // One month at a time: replications x metrics, money in cents (exact in a double).
    Eigen::MatrixXd values(replication_count, Eigen::Index(columns.size()));
    for (int month = 0; month < month_count; ++month) {
        for (Eigen::Index r = 0; r < replication_count; ++r)
            for (size_t c = 0; c < columns.size(); ++c)
                values(r, Eigen::Index(c)) = double(columns[c].value(replications[size_t(r)].summary[month]));
        for (size_t c = 0; c < columns.size(); ++c) {
            const Distribution d = describe_distribution(values.col(Eigen::Index(c)));
            auto format = columns[c].is_money() ? format_money_statistic : format_count_statistic;
            out.month(first_month_key + month)
                .text(columns[c].name)
                .text(format(d.mean))
                .text(format(d.p05))
                .text(format(d.p50))
                .text(format(d.p95))
                .text(units[c])
                .end_row();
        }
    }
}

}  // namespace creditsim
