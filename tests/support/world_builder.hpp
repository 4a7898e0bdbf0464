#pragma once
// Test fixtures: build a Population and History in code, run the engine.
//   WorldBuilder w;
//   w.monthly("ap", "azure_monthly", 10000).partner("P1", "ap", "2026-01-01").user("P1", "u1", "a@contoso.com")
//    .act("2026-01-05", "assign", "P1/1/azure_monthly", "u1").use("2026-01-06", "P1", "P1/1/azure_monthly", "eligible", 500);
//   RunOutcome out = w.run(policy, "2026-01-01", 3);

#include <string>
#include <vector>

#include "model/history.hpp"
#include "model/policy.hpp"
#include "model/population.hpp"
#include "model/records.hpp"
#include "sim/engine/engine.hpp"

namespace creditsim::testing {

Date day(const std::string& ymd);  ///< parse_date or throw

struct RunOutcome {
    Population population;
    History history;
    ReplicationResult result;
    EngineNotes notes;
    /// The same world through the credit lives: "same", "not expressible: why", or the first difference.
    std::string lives_check;

    /// Events as "date partner subject event detail" lines (one string per event).
    std::vector<std::string> event_lines() const;
    /// event_lines() without the award, assign and redeem lines that set a test up.
    std::vector<std::string> events_after_setup() const;
    /// Ledger rows of one credit as "start..last o g u l e c" (money in cents).
    std::vector<std::string> ledger_lines(const std::string& credit_id) const;
    /// The sum of the summary over all months.
    SummaryMonth totals() const;
    /// One partner's billing month ("2026-02").
    BillingMonth billing(const std::string& partner_id, const std::string& month) const;
    /// Summary row of one month.
    const SummaryMonth& summary(const std::string& month) const;
};

class WorldBuilder {
public:
    WorldBuilder& monthly(const std::string& offer, const std::string& credit, int64_t cents, int count = 1,
                          const std::string& scope = "azure");
    WorldBuilder& bulk(const std::string& offer, const std::string& credit, int64_t cents, int term_months = 12,
                       const std::string& scope = "azure", int count = 1);
    WorldBuilder& partner(const std::string& id, const std::string& offer, const std::string& joined, int renewals = 0);
    WorldBuilder& user(const std::string& partner, const std::string& user, const std::string& email,
                       bool is_free_hosted = false);
    /// An action; user only matters for assign ("" or an unknown id = unknown user).
    WorldBuilder& act(const std::string& date, const std::string& action, const std::string& credit_id,
                      const std::string& user = "");
    /// Demand on a subscription (a credit id or any other id) of a partner, in cents.
    WorldBuilder& use(const std::string& date, const std::string& partner, const std::string& subscription,
                      const std::string& category, int64_t cents);

    /// Builds the population and history and runs [start, start + months).
    RunOutcome run(const Policy& policy, const std::string& start, int months) const;

private:
    struct PendingAction { std::string date, action, credit, user; };
    struct PendingUsage { std::string date, partner, subscription, category; int64_t cents; };
    struct PendingUser { std::string partner, id, email; bool is_free_hosted; };
    std::vector<CatalogLine> lines_;
    std::vector<std::string> scopes_;          // one per catalog line
    std::vector<Partner> partners_;
    std::vector<std::string> partner_offers_;  // one per partner
    std::vector<PendingUser> users_;
    std::vector<PendingAction> actions_;
    std::vector<PendingUsage> usage_;
};

}  // namespace creditsim::testing
