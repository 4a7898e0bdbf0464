#pragma once
// Hand-built inputs for the report tests: a tiny catalog and population, empty
// replication results to fill in, and a fresh temporary folder per test.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/catalog.hpp"
#include "model/date.hpp"
#include "model/money.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/report_set.hpp"

namespace creditsim::testing {

inline Date day(int y, int m, int d) { return Date::from_ymd(y, m, d); }
inline Money usd(int64_t cents) { return Money::from_cents(cents); }

/// A folder of its own under the system temp folder, removed with everything in it.
class TempFolder {
public:
    TempFolder() {
        static std::atomic<int> counter{0};
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = "creditsim-reports-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
        if (info != nullptr) name += std::string("-") + info->test_suite_name() + "-" + info->name();
        path_ = std::filesystem::temp_directory_path() / name;
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    std::string path() const { return path_.string(); }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

/// The bytes of a file ("" when it cannot be read, which the caller's assertion shows).
inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

/// Names in a folder (hidden ones too), sorted; a trailing '/' marks a folder.
inline std::vector<std::string> folder_entries(const std::string& folder) {
    std::set<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        names.insert(entry.path().filename().string() + (entry.is_directory() ? "/" : ""));
    return std::vector<std::string>(names.begin(), names.end());
}

/// Catalog of one offer "core": azure_bulk (6000.00 bulk), azure_monthly (100.00),
/// ghe_monthly (50.00, product github_enterprise).
inline Catalog core_catalog() {
    std::vector<CatalogLine> lines;
    lines.push_back(CatalogLine{"core", "azure_monthly", CreditKind::monthly, usd(10000), 1, 12, kAzureScope});
    lines.push_back(CatalogLine{"core", "azure_bulk", CreditKind::bulk, usd(600000), 1, 12, kAzureScope});
    lines.push_back(CatalogLine{"core", "ghe_monthly", CreditKind::monthly, usd(5000), 1, 12, kFirstProduct});
    return Catalog(std::move(lines), {"github_enterprise"});
}

/// Two partners of offer "core": P1 joined 2026-01-01 (users u1, u2), P2 joined
/// 2026-03-10 (user x1). Credits awarded for one membership year each.
inline Population tiny_population() {
    Population population;
    population.catalog = core_catalog();
    const int core = population.catalog.find_offer("core");
    population.partners.push_back(Partner{"P1", core, day(2026, 1, 1), 0, 0, 2, 0, 0});
    population.partners.push_back(Partner{"P2", core, day(2026, 3, 10), 0, 2, 1, 0, 0});
    population.users.push_back(User{"u1", "ann@contoso.com", 0, false});
    population.users.push_back(User{"u2", "bob@contoso.com", 0, false});
    population.users.push_back(User{"x1", "eve@fabrikam.com", 1, false});
    award_all_credits(population);
    return population;
}

/// Index of a credit that must exist.
inline uint32_t credit(const Population& population, const std::string& id) {
    const uint32_t index = population.find_credit(id);
    EXPECT_NE(index, kNone) << "no credit " << id;
    return index;
}

/// An empty result covering month_count months from first_month.
inline ReplicationResult empty_result(int replication, Date first_month, int month_count, size_t partner_count) {
    ReplicationResult result;
    result.replication = replication;
    result.first_month_key = month_key(first_month);
    result.month_count = month_count;
    result.billing.resize(partner_count * size_t(month_count));
    result.summary.resize(size_t(month_count));
    return result;
}

/// Report inputs over replications for a run [run_start, run_end_day).
inline ReportInputs inputs_for(const Population& population, const std::vector<ReplicationResult>& replications,
                               Date run_start, Date run_end_day) {
    ReportInputs inputs;
    inputs.population = &population;
    inputs.replications = &replications;
    inputs.run_start = run_start;
    inputs.run_end_day = run_end_day;
    inputs.resolved = {{"run.name", "tiny"}, {"run.start", run_start.to_string()}};
    inputs.manifest = {{"version", "0.1.0"}, {"seed", "1"}};
    return inputs;
}

}  // namespace creditsim::testing
