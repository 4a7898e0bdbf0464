#pragma once
// events.csv (SPEC 8): every event in the order it happened, with its subject
// (credit id, or partner id for renew and leave) and its detail spelled out.

#include <cstdint>
#include <string>
#include <string_view>
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
/// memory, up to a bound (spill_beyond): past it, the rows so far go sorted to
/// a file (a run), and write_to merges the runs. So memory stays flat however
/// many events a replication has.
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
    ~EventRows();
    EventRows(const EventRows&) = delete;
    EventRows& operator=(const EventRows&) = delete;

    /// Keeps at most about `memory_bytes` of rows in memory; beyond, sorted runs of
    /// them go to the files `path_stem`.1, .2, ... (removed once merged). Unset: all
    /// rows stay in memory.
    void spill_beyond(uint64_t memory_bytes, std::string path_stem);
    /// Runs written to files so far (tests).
    int runs_spilled() const { return runs_spilled_; }

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
    void sort_rows();
    uint64_t bytes_in_memory() const;
    void spill_if_over();
    void spill_run();
    void remove_runs() noexcept;

    std::string text_;
    CsvWriter format_;          ///< into text_
    uint64_t text_start_ = 0;   ///< format_'s count of bytes at text_[0]
    std::vector<Row> rows_;
    uint64_t spill_bytes_ = UINT64_MAX;
    std::string spill_stem_;
    std::vector<std::string> runs_;  ///< the files of this replication's runs, in block order
    int runs_spilled_ = 0;
};

/// The events of a replication a ReportSet keeps in memory before it spills them to runs.
constexpr uint64_t kEventRowsInMemoryBytes = uint64_t(64) << 20;

}  // namespace creditsim
