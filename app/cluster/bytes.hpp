#pragma once
// Byte strings for the messages between the ranks of an MPI run: values
// appended in order and read back in the same order. Numbers go as their
// bytes in memory: every rank runs the same executable on the same kind of
// machine (docs/SCALING.md), so no byte order or width is converted.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "model/errors.hpp"

namespace creditsim::cli::cluster {

class ByteWriter {
public:
    /// A value whose bytes are the value: integers, enums, Money, Date, arrays of them.
    template <typename T>
    ByteWriter& put(const T& value) {
        static_assert(std::is_trivially_copyable_v<T>, "only plain values go as their bytes");
        bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
        return *this;
    }
    ByteWriter& put_text(std::string_view text) {
        put(uint64_t(text.size()));
        bytes_.append(text);
        return *this;
    }
    ByteWriter& put_texts(const std::vector<std::string>& texts) {
        put(uint64_t(texts.size()));
        for (const std::string& text : texts) put_text(text);
        return *this;
    }
    template <typename T>
    ByteWriter& put_all(const std::vector<T>& values) {
        static_assert(std::is_trivially_copyable_v<T>, "only plain values go as their bytes");
        put(uint64_t(values.size()));
        bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
        return *this;
    }
    std::string& bytes() { return bytes_; }

private:
    std::string bytes_;
};

/// Reads what a ByteWriter wrote; reading past the end is a creditsim bug (InvariantError).
class ByteReader {
public:
    explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

    template <typename T>
    T get() {
        static_assert(std::is_trivially_copyable_v<T>, "only plain values go as their bytes");
        T value;
        std::memcpy(&value, take(sizeof value), sizeof value);
        return value;
    }
    std::string_view get_text() {
        const auto size = get<uint64_t>();
        return std::string_view(take(size), size);
    }
    std::vector<std::string> get_texts() {
        std::vector<std::string> texts(get<uint64_t>());
        for (std::string& text : texts) text = get_text();
        return texts;
    }
    template <typename T>
    std::vector<T> get_all() {
        const auto count = get<uint64_t>();
        CREDITSIM_ASSERT(count <= (bytes_.size() - at_) / sizeof(T), count << " values in a message");
        std::vector<T> values(count);
        if (count) std::memcpy(values.data(), take(count * sizeof(T)), count * sizeof(T));
        return values;
    }
    bool at_end() const { return at_ == bytes_.size(); }

private:
    const char* take(size_t size) {
        CREDITSIM_ASSERT(size <= bytes_.size() - at_,
                         "a message of " << bytes_.size() << " bytes read past its end at " << at_ << " + " << size);
        const char* start = bytes_.data() + at_;
        at_ += size;
        return start;
    }

    std::string_view bytes_;
    size_t at_ = 0;
};

}  // namespace creditsim::cli::cluster
