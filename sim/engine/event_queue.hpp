#pragma once
// The engine's sparse scheduled events, in a total deterministic order
// (day, phase, subject, tag) packed into one integer key. Nothing is ever
// cancelled in the heap: a handler checks that the event still applies.

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "model/errors.hpp"
#include "sim/engine/engine.hpp"

namespace creditsim {

/// What a step-2 entry is for (one credit can have both on one day).
enum class Tag : uint8_t { none = 0, deadline = 1, end_day = 2 };

struct ScheduledEvent {
    int32_t day_offset;  ///< days since the run's start
    Phase step;          ///< a scheduled step: period_boundary to leave
    uint32_t subject;    ///< credit or partner index (its id rank)
    Tag tag;
};

class EventQueue {
public:
    void push(ScheduledEvent e) {
        CREDITSIM_ASSERT(e.day_offset >= 0 && e.day_offset < (1 << 20), "event day offset " << e.day_offset);
        CREDITSIM_ASSERT(e.step >= Phase::period_boundary && e.step <= Phase::leave, "phase " << int(e.step)
                                                                                              << " is not scheduled");
        heap_.push(uint64_t(e.day_offset) << 44 | uint64_t(e.step) << 40 | uint64_t(e.subject) << 8 | uint64_t(e.tag));
    }
    bool empty() const { return heap_.empty(); }
    /// The earliest event's day offset; the queue must not be empty.
    int32_t next_day() const { return int32_t(heap_.top() >> 44); }
    /// Removes and returns the earliest event.
    ScheduledEvent pop() {
        const uint64_t key = heap_.top();
        heap_.pop();
        return ScheduledEvent{int32_t(key >> 44), Phase((key >> 40) & 0xF), uint32_t(key >> 8), Tag(key & 0xFF)};
    }

private:
    std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> heap_;
};

}  // namespace creditsim
