#pragma once
// usage.csv as `creditsim import` writes it: the replay input of daily demand
// (date,partner_id,subscription_id,category,amount), one line per day,
// subscription and category, amounts with every decimal place of the exports.

#include <string>
#include <vector>

#include "model/date.hpp"
#include "model/decimal.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// One line of usage.csv.
struct UsageAmount {
    Date date;
    std::string partner_id;
    std::string subscription_id;
    std::string category;  ///< eligible, ineligible or a product name
    Decimal amount;        ///< >= 0, every decimal place of the exports, not rounded
};

/// Writes the header and the lines, in the order given.
void write_usage_csv(CsvWriter& out, const std::vector<UsageAmount>& usage);

}  // namespace creditsim
