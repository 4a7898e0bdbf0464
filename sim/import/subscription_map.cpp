// subscriptions.csv for `creditsim import`: subscription_id,partner_id[,credit_id].
#include "sim/import/cost_export.hpp"
#include "sim/inputs/csv/csv_input.hpp"

namespace creditsim {
namespace {

enum Column : unsigned { kSubscriptionId, kPartnerId, kCreditId };
constexpr std::array<const char*, 3> kColumns = {"subscription_id", "partner_id", "credit_id"};
constexpr uint32_t kOptionalCreditId = 1u << kCreditId;
/// usage.csv is written without quoting: ids must not need it.
constexpr std::string_view kForbidden = ",\"\r\n";

}  // namespace

bool SubscriptionMap::add(MappedSubscription subscription) {
    detail::normalize_subscription_id(subscription.subscription_id, key_);
    if (index_.count(key_)) return false;
    index_.emplace(key_, uint32_t(lines_.size()));
    lines_.push_back(std::move(subscription));
    return true;
}

const MappedSubscription* SubscriptionMap::find(std::string_view export_id) const {
    detail::normalize_subscription_id(export_id, key_);
    const auto it = index_.find(std::string_view(key_));
    return it == index_.end() ? nullptr : &lines_[it->second];
}

SubscriptionMap load_subscription_map(const std::string& path) {
    ProblemList problems;
    detail::CsvInput<3> input(path, kColumns, problems, kOptionalCreditId);
    SubscriptionMap map;
    std::map<std::string, int> first_line;  // normalized id -> line that mapped it
    std::string key;
    while (input.next_row()) {
        bool is_good = true;
        for (unsigned column : {kSubscriptionId, kPartnerId, kCreditId}) {
            const std::string_view text = input.field(column);
            if (text.empty() && column != kCreditId) {
                input.report_field(column, "expected a non-empty id; got an empty field");
                is_good = false;
            } else if (!detail::has_none_of(text, kForbidden)) {
                input.report_field(column, "expected an id without commas, quotes or line breaks; " +
                                               detail::got(text));
                is_good = false;
            }
        }
        if (!is_good) continue;
        MappedSubscription line{std::string(input.field(kSubscriptionId)), std::string(input.field(kPartnerId)),
                                std::string(input.field(kCreditId))};
        if (line.output_subscription_id.empty()) line.output_subscription_id = line.subscription_id;
        detail::normalize_subscription_id(line.subscription_id, key);
        const int this_line = input.line();
        if (!map.add(std::move(line))) {
            input.report_field(kSubscriptionId, "subscription " + detail::in_quotes(input.field(kSubscriptionId)) +
                                                    " is already mapped on line " + std::to_string(first_line[key]) +
                                                    " (ids match ignoring case and a /subscriptions/ prefix)");
            continue;
        }
        first_line[key] = this_line;
    }
    problems.throw_if_any();
    return map;
}

}  // namespace creditsim
