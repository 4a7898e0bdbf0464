#include "reports/events_report.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <tuple>

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

EventRows::~EventRows() { remove_runs(); }

void EventRows::spill_beyond(uint64_t memory_bytes, std::string path_stem) {
    spill_bytes_ = memory_bytes;
    spill_stem_ = std::move(path_stem);
    // Room for the bound and a last block past it, taken once: a string that grew
    // by doubling could hold twice the bound. (Untouched pages cost nothing.)
    if (memory_bytes <= kEventRowsInMemoryBytes) text_.reserve(memory_bytes + memory_bytes / 4);
}

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
    spill_if_over();
}

void EventRows::sort_rows() {
    format_.flush();
    std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
        return a.day != b.day ? a.day < b.day : a.phase < b.phase;
    });
}

uint64_t EventRows::bytes_in_memory() const {
    return format_.bytes_written() - text_start_ + rows_.size() * sizeof(Row);
}

void EventRows::spill_if_over() {
    if (bytes_in_memory() >= spill_bytes_ && !rows_.empty()) spill_run();
}

namespace {

/// A run's record: when the row happened, its length, then its bytes.
struct RunRecordHead {
    int32_t day;
    uint8_t phase;
    uint32_t length;
};

void write_all(std::FILE* file, const void* bytes, size_t size, const std::string& path) {
    if (size > 0 && std::fwrite(bytes, 1, size, file) != size)
        throw Error("cannot write the events' working file " + path + ": " + std::strerror(errno));
}

/// Reads one run back, record by record, through a buffer of its own.
class RunReader {
public:
    explicit RunReader(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
        if (!file_) throw Error("cannot read the events' working file " + path + ": " + std::strerror(errno));
        std::setvbuf(file_, nullptr, _IOFBF, size_t(1) << 18);
    }
    ~RunReader() { std::fclose(file_); }
    RunReader(const RunReader&) = delete;
    RunReader& operator=(const RunReader&) = delete;

    /// The next record into head and row; false at the end of the run.
    bool next() {
        if (std::fread(&head, sizeof head, 1, file_) != 1) {
            if (std::ferror(file_)) throw Error("cannot read the events' working file " + path_);
            return false;
        }
        row.resize(head.length);
        if (head.length > 0 && std::fread(row.data(), 1, head.length, file_) != head.length)
            throw Error("the events' working file " + path_ + " ends inside a row");
        return true;
    }

    RunRecordHead head{};
    std::string row;

private:
    std::string path_;
    std::FILE* file_;
};

}  // namespace

void EventRows::spill_run() {
    sort_rows();
    const std::string path = spill_stem_ + "." + std::to_string(runs_.size() + 1);
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) throw Error("cannot create the events' working file " + path + ": " + std::strerror(errno));
    runs_.push_back(path);
    std::setvbuf(file, nullptr, _IOFBF, size_t(1) << 20);
    try {
        for (const Row& row : rows_) {
            const RunRecordHead head{row.day, row.phase, row.length};
            write_all(file, &head, sizeof head, path);
            write_all(file, text_.data() + row.offset, row.length, path);
        }
    } catch (...) {
        std::fclose(file);
        throw;
    }
    if (std::fclose(file) != 0)
        throw Error("cannot write the events' working file " + path + ": " + std::strerror(errno));
    ++runs_spilled_;
    forget();
}

void EventRows::remove_runs() noexcept {
    for (const std::string& path : runs_) std::remove(path.c_str());
    runs_.clear();
}

void EventRows::write_to(CsvWriter& out) {
    if (runs_.empty()) {  // all in memory
        sort_rows();
        for (const Row& row : rows_) out.raw(std::string_view(text_).substr(row.offset, row.length));
        forget();
        return;
    }
    if (!rows_.empty()) spill_run();
    // Each run is sorted, and the runs are in block order: merging them, ties to the
    // earlier run, gives the stable sort of all the rows.
    std::vector<std::unique_ptr<RunReader>> readers;
    for (const std::string& path : runs_) readers.push_back(std::make_unique<RunReader>(path));
    using Key = std::tuple<int32_t, uint8_t, size_t>;  // (day, phase, run)
    std::priority_queue<Key, std::vector<Key>, std::greater<Key>> next;
    for (size_t r = 0; r < readers.size(); ++r)
        if (readers[r]->next()) next.emplace(readers[r]->head.day, readers[r]->head.phase, r);
    while (!next.empty()) {
        const size_t r = std::get<2>(next.top());
        next.pop();
        out.raw(readers[r]->row);
        if (readers[r]->next()) next.emplace(readers[r]->head.day, readers[r]->head.phase, r);
    }
    readers.clear();
    remove_runs();
}

void EventRows::take(std::string& text, std::vector<Row>& rows) {
    CREDITSIM_ASSERT(runs_.empty(), "rows handed over after some went to a file");
    format_.flush();
    text.swap(text_);  // forget() clears what text held before
    rows.swap(rows_);
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
    spill_if_over();
}

void EventRows::forget() {
    rows_.clear();
    text_.clear();
    text_start_ = format_.bytes_written();  // the formatter counts on: text_[0] is this byte
}

}  // namespace creditsim
