#include "reports/events_report.hpp"

#include <algorithm>
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

void write_events_header(CsvWriter& out) { out.raw("replication,date,partner_id,subject,event,detail\n"); }

EventRows::EventRows() : format_(&text_) {}

void EventRows::add(int replication, const Population& population, const std::vector<Event>& events) {
    for (const Event& event : events) {
        CREDITSIM_ASSERT(event.partner < population.partners.size(),
                         "event of partner " << event.partner << " of " << population.partners.size());
        const uint64_t offset = format_.bytes_written() - text_start_;
        format_.integer(replication).date(event.day).text(population.partners[event.partner].id);
        if (has_partner_subject(event.kind)) {
            CREDITSIM_ASSERT(event.subject < population.partners.size(),
                             to_string(event.kind) << " event of partner " << event.subject);
            format_.text(population.partners[event.subject].id);
        } else {
            CREDITSIM_ASSERT(event.subject < population.credits.size(), to_string(event.kind)
                                                                           << " event of credit " << event.subject
                                                                           << " of " << population.credits.size());
            format_.text(population.credits[event.subject].id);
        }
        format_.text(to_string(event.kind)).text(event_detail(population, event)).end_row();
        rows_.push_back(Row{event.day.serial(), event.phase, uint32_t(format_.bytes_written() - text_start_ - offset), offset});
    }
}

void EventRows::write_to(CsvWriter& out) {
    format_.flush();
    std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
        return a.day != b.day ? a.day < b.day : a.phase < b.phase;
    });
    for (const Row& row : rows_) out.raw(std::string_view(text_).substr(row.offset, row.length));
    forget();
}

void EventRows::take(std::string& text, std::vector<Row>& rows) {
    format_.flush();
    text = text_;
    rows = rows_;
    forget();
}

void EventRows::add_formatted(std::string_view text, const std::vector<Row>& rows) {
    format_.flush();
    const uint64_t base = text_.size();
    text_.append(text);
    text_start_ -= text.size();  // the formatter did not write these bytes: its offsets shift past them
    for (Row row : rows) {
        CREDITSIM_ASSERT(row.offset + row.length <= text.size(),
                         "event row [" << row.offset << ", +" << row.length << ") of " << text.size() << " bytes");
        row.offset += base;
        rows_.push_back(row);
    }
}

void EventRows::forget() {
    rows_.clear();
    text_.clear();
    text_start_ = format_.bytes_written();  // the formatter counts on: text_[0] is this byte
}

}  // namespace creditsim
