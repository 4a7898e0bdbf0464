#pragma once
// events.csv (SPEC 8): every event in the order it happened, with its subject
// (credit id, or partner id for renew and leave) and its detail spelled out.

#include <string_view>
#include <string>
#include <vector>

#include "model/population.hpp"
#include "model/records.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {

/// The detail column of an event: the user id (assign, remove, redeem), the reason
/// (reject, disable), the new limit state (limit), `<action>:<why>` (ignored), else "".
/// Throws InvariantError for a detail that names nothing.
std::string_view event_detail(const Population& population, const Event& event);

/// Writes events.csv's header.
void write_events_header(CsvWriter& out);

/// One replication's events.csv rows, gathered block by block of partners
/// and written in the order they happened. Each block's events are in (day,
/// phase) order; a replication's are too, with the blocks' events of one
/// (day, phase) in partner order, as one engine over all partners emits them.
/// A block's rows are formatted at once (its ids are gone after it), into
/// memory: the rows of the replication stay there until write_to.
class EventRows {
public:
    /// Where one formatted row sits in a block's text, and when it happened.
    struct Row {
        int32_t day;
        uint8_t phase;
        uint32_t length;
        uint64_t offset;
    };

    EventRows();

    /// Formats the events of one block of partners (their indices are population's).
    void add(int replication, const Population& population, const std::vector<Event>& events);

    /// Writes the rows gathered so far in the order they happened, then forgets them.
    void write_to(CsvWriter& out);

    /// Hands the rows gathered so far over, unsorted, in `text` (offsets into it)
    /// and forgets them: a block formatted in another process (app/cluster).
    void take(std::string& text, std::vector<Row>& rows);
    /// Adds rows that take() handed over elsewhere, as if add() had formatted them here.
    void add_formatted(std::string_view text, const std::vector<Row>& rows);

private:
    void forget();

    std::string text_;
    CsvWriter format_;          ///< into text_
    uint64_t text_start_ = 0;   ///< format_'s count of bytes at text_[0]
    std::vector<Row> rows_;
};

}  // namespace creditsim
