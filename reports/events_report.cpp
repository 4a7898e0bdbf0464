#include "reports/events_report.hpp"

#include <array>
#include <string>

#include "model/errors.hpp"
#include "model/history.hpp"

namespace creditsim {
namespace {

constexpr uint32_t kLimitStateCount = 3;
constexpr uint32_t kDisableReasonCount = 2;
constexpr uint32_t kIgnoreReasonCount = 7;

/// "<action>:<why>" for every ignored_detail(action, why), built once.
const std::string& ignored_text(uint32_t action, uint32_t why) {
    static const auto table = [] {
        std::array<std::array<std::string, kIgnoreReasonCount>, kActionKindCount> texts;
        for (uint32_t a = 0; a < uint32_t(kActionKindCount); ++a)
            for (uint32_t w = 0; w < kIgnoreReasonCount; ++w)
                texts[a][w] = std::string(to_string(ActionKind(a))) + ":" + to_string(IgnoreReason(w));
        return texts;
    }();
    return table[action][why];
}

bool has_partner_subject(EventKind kind) { return kind == EventKind::renew || kind == EventKind::leave; }

}  // namespace

std::string_view event_detail(const Population& population, const Event& event) {
    const uint32_t detail = event.detail;
    switch (event.kind) {
        case EventKind::assign:
        case EventKind::remove:
        case EventKind::redeem:
            CREDITSIM_ASSERT(detail < population.users.size(), to_string(event.kind)
                                                                   << " event with user " << detail << " of "
                                                                   << population.users.size());
            return population.users[detail].id;
        case EventKind::reject:
            CREDITSIM_ASSERT(detail < uint32_t(kRejectReasonCount), "reject event with reason " << detail);
            return to_string(RejectReason(detail));
        case EventKind::limit:
            CREDITSIM_ASSERT(detail < kLimitStateCount, "limit event with state " << detail);
            return to_string(LimitState(detail));
        case EventKind::disable:
            CREDITSIM_ASSERT(detail < kDisableReasonCount, "disable event with reason " << detail);
            return to_string(DisableReason(detail));
        case EventKind::ignored:
            CREDITSIM_ASSERT(detail / 16 < uint32_t(kActionKindCount) && detail % 16 < kIgnoreReasonCount,
                             "ignored event with detail " << detail);
            return ignored_text(detail / 16, detail % 16);
        case EventKind::award:
        case EventKind::renew:
        case EventKind::leave:
        case EventKind::enable:
        case EventKind::expire:
        case EventKind::forfeit:
        case EventKind::convert:
        case EventKind::deletion:
            return {};
    }
    CREDITSIM_ASSERT(false, "event of kind " << int(event.kind));
    return {};
}

void write_events_csv(CsvWriter& out, const Population& run_population,
                      const std::vector<ReplicationResult>& replications) {
    out.raw("replication,date,partner_id,subject,event,detail\n");
    for (const ReplicationResult& result : replications) {
        const Population& population = result.population ? *result.population : run_population;
        for (const Event& event : result.events) {
            CREDITSIM_ASSERT(event.partner < population.partners.size(),
                             "event of partner " << event.partner << " of " << population.partners.size());
            out.integer(result.replication).date(event.day).text(population.partners[event.partner].id);
            if (has_partner_subject(event.kind)) {
                CREDITSIM_ASSERT(event.subject < population.partners.size(),
                                 to_string(event.kind) << " event of partner " << event.subject);
                out.text(population.partners[event.subject].id);
            } else {
                CREDITSIM_ASSERT(event.subject < population.credits.size(), to_string(event.kind)
                                                                                << " event of credit " << event.subject
                                                                                << " of " << population.credits.size());
                out.text(population.credits[event.subject].id);
            }
            out.text(to_string(event.kind)).text(event_detail(population, event)).end_row();
        }
    }
}

}  // namespace creditsim
