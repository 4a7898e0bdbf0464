#pragma once
// The engine's sparse scheduled events, in a total deterministic order
// (day, phase, subject, tag) packed into one integer key. Nothing is ever
// cancelled in the queue: a handler checks that the event still applies.

#include <algorithm>
#include <cstdint>
#include <functional>
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

/// A calendar queue: one bucket of keys per day, sorted only when its day
/// comes up. A block's engine holds tens of thousands of events at once
/// (every award and deadline of its partners); a binary heap over them
/// missed the cache on every level of every pop, a bucket is taken from its end.
class EventQueue {
public:
    void push(ScheduledEvent e) {
        CREDITSIM_ASSERT(e.day_offset >= 0 && e.day_offset < (1 << 20), "event day offset " << e.day_offset);
        CREDITSIM_ASSERT(e.step >= Phase::period_boundary && e.step <= Phase::leave, "phase " << int(e.step)
                                                                                              << " is not scheduled");
        const uint64_t key =
            uint64_t(e.day_offset) << 44 | uint64_t(e.step) << 40 | uint64_t(e.subject) << 8 | uint64_t(e.tag);
        const size_t day = size_t(e.day_offset);
        if (day >= days_.size()) days_.resize(day + 1);
        Bucket& bucket = days_[day];
        if (bucket.is_sorted)  // pushed onto the day being taken (a later step of it): keep the order
            bucket.keys.insert(std::upper_bound(bucket.keys.begin(), bucket.keys.end(), key, std::greater<>()), key);
        else
            bucket.keys.push_back(key);
        first_ = std::min(first_, day);
        ++size_;
    }
    bool empty() const { return size_ == 0; }
    /// The earliest event's day offset; the queue must not be empty.
    int32_t next_day() {
        while (days_[first_].keys.empty()) ++first_;
        Bucket& bucket = days_[first_];
        if (!bucket.is_sorted) {  // descending, so that the earliest key is taken from the end
            std::sort(bucket.keys.begin(), bucket.keys.end(), std::greater<>());
            bucket.is_sorted = true;
        }
        return int32_t(first_);
    }
    /// Removes and returns the earliest event.
    ScheduledEvent pop() {
        Bucket& bucket = days_[size_t(next_day())];
        const uint64_t key = bucket.keys.back();
        bucket.keys.pop_back();
        --size_;
        return ScheduledEvent{int32_t(key >> 44), Phase((key >> 40) & 0xF), uint32_t(key >> 8), Tag(key & 0xFF)};
    }

private:
    struct Bucket {
        std::vector<uint64_t> keys;  ///< (day, step, subject, tag) packed, as the order is
        bool is_sorted = false;
    };
    std::vector<Bucket> days_;  ///< by day offset
    size_t first_ = 0;          ///< no key before this day
    size_t size_ = 0;
};

}  // namespace creditsim
