#include "reports/csv_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "model/errors.hpp"

namespace creditsim {

bool csv_needs_quotes(std::string_view field) {
    for (char c : field)
        if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
    return false;
}

std::string csv_quote(std::string_view field) {
    if (!csv_needs_quotes(field)) return std::string(field);
    std::string quoted;
    quoted.reserve(field.size() + 2);
    quoted.push_back('"');
    for (char c : field) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

CsvWriter::CsvWriter(std::string path) : path_(std::move(path)), buffer_(new char[kBufferBytes]) {
    pos_ = buffer_.get();
    end_ = pos_ + kBufferBytes;
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd_ < 0) fail("cannot create", errno);
}

CsvWriter::CsvWriter(std::string* memory) : path_("(memory)"), memory_(memory), buffer_(new char[kBufferBytes]) {
    pos_ = buffer_.get();
    end_ = pos_ + kBufferBytes;
}

CsvWriter::~CsvWriter() {
    if (fd_ >= 0) ::close(fd_);
}

void CsvWriter::fail(const char* what, int error_number) const {
    throw Error(std::string(what) + " '" + path_ + "': " + std::generic_category().message(error_number));
}

void CsvWriter::write_all(const char* data, size_t size) {
    flushed_bytes_ += size;
    if (memory_) {
        memory_->append(data, size);
        return;
    }
    while (size > 0) {
        const ssize_t written = ::write(fd_, data, size);
        if (written < 0) {
            if (errno == EINTR) continue;
            fail("cannot write", errno);
        }
        data += written;
        size -= size_t(written);
    }
}

void CsvWriter::flush_buffer() {
    write_all(buffer_.get(), size_t(pos_ - buffer_.get()));
    pos_ = buffer_.get();
}

CsvWriter& CsvWriter::raw(std::string_view bytes) {
    if (bytes.size() > kBufferBytes) {
        flush_buffer();
        write_all(bytes.data(), bytes.size());
        return *this;
    }
    char* out = room(bytes.size());
    if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());  // an empty view's data() may be null
    pos_ = out + bytes.size();
    return *this;
}

CsvWriter& CsvWriter::text(std::string_view field) {
    if (csv_needs_quotes(field)) {
        pos_ = separator(room(1));
        return raw(csv_quote(field));
    }
    if (field.size() + 1 > kBufferBytes) {
        pos_ = separator(room(1));
        return raw(field);
    }
    char* out = separator(room(field.size() + 1));
    if (!field.empty()) std::memcpy(out, field.data(), field.size());  // an empty view's data() may be null
    pos_ = out + field.size();
    return *this;
}

CsvWriter& CsvWriter::month(int month_key) {
    pos_ = format_month_key_to(separator(room(kMaxNumberChars)), month_key);
    return *this;
}

void CsvWriter::close() {
    if (memory_) {
        flush_buffer();
        return;
    }
    if (fd_ < 0) return;
    flush_buffer();
    // Reports are renamed into place after this: their bytes must be on disk first.
    // Files that cannot be synced (pipes, character devices) are not an error.
    if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) {
        const int error_number = errno;
        ::close(fd_);
        fd_ = -1;
        fail("cannot write", error_number);
    }
    const int closed = ::close(fd_);
    fd_ = -1;
    if (closed != 0 && errno != EINTR) fail("cannot write", errno);
}

}  // namespace creditsim
