#include "reports/usage_report.hpp"

namespace creditsim {

void write_usage_csv(CsvWriter& out, const std::vector<UsageAmount>& usage) {
    out.raw("date,partner_id,subscription_id,category,amount\n");
    for (const UsageAmount& line : usage)
        out.date(line.date)
            .text(line.partner_id)
            .text(line.subscription_id)
            .text(line.category)
            .text(line.amount.to_string())
            .end_row();
}

}  // namespace creditsim
