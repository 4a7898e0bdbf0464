#include "reports/atomic_files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <system_error>
#include <vector>

#include "model/errors.hpp"
#include "reports/csv_writer.hpp"

namespace creditsim {
namespace {

std::string os_reason(int error_number) { return std::generic_category().message(error_number); }

/// Whether something exists at path (a symbolic link counts, even a dangling one); sets is_directory.
bool lookup(const std::string& path, bool& is_directory) {
    struct stat info;
    if (::lstat(path.c_str(), &info) != 0) return false;
    is_directory = S_ISDIR(info.st_mode);
    return true;
}

/// One final name publish() touches: replaced by a staged file, or removed as obsolete.
struct Target {
    std::string final_path;
    std::string temporary;  ///< the staged file; empty for an obsolete name
    std::string backup;     ///< where the previous file waits until the set is complete
    bool moved_previous = false;
    bool placed_new = false;
};

/// Puts every final name back as it was before publish() started (best effort).
void roll_back(std::vector<Target>& targets) {
    for (auto it = targets.rbegin(); it != targets.rend(); ++it) {
        if (it->placed_new) ::unlink(it->final_path.c_str());
        if (it->moved_previous) std::rename(it->backup.c_str(), it->final_path.c_str());
    }
}


// ---- What a signal handler may touch: plain buffers and sig_atomic_t flags only. ----
//
// Why a handler that cleans up and _exit()s, rather than a flag checked at safe points:
// the simulation runs for seconds inside sim/ with no cancellation points, so a flag
// would not stop a run promptly. The handler only uses async-signal-safe calls
// (open, getdents64, unlinkat, rmdir, unlink, _exit) on paths stored in static buffers.
// The one moment it must not act is the swap itself; publish() marks that moment and
// the handler then only records the signal, which publish() honours right after.
constexpr size_t kPathBytes = 4096;
char g_staging_path[kPathBytes];
char g_lock_path[kPathBytes];
char g_created_path[kPathBytes];  ///< in place: a folder this run created, removed when empty
char g_created_parents[kPathBytes];  ///< the deepest parent folder of --out this run created
volatile sig_atomic_t g_created_parent_levels = 0;  ///< how many levels up from it this run created
volatile sig_atomic_t g_has_staging = 0;
volatile sig_atomic_t g_has_created = 0;
volatile sig_atomic_t g_has_lock = 0;  ///< g_lock_path is the path of the lock being taken or held
volatile sig_atomic_t g_lock_fd = -1;  ///< the lock file opened, before and after its flock
volatile sig_atomic_t g_publishing = 0;
volatile sig_atomic_t g_pending_signal = 0;

void store_path(char* buffer, volatile sig_atomic_t& is_set, const std::string& path) {
    is_set = 0;
    if (path.size() + 1 > kPathBytes) return;  // too long to clean up from a handler
    std::memcpy(buffer, path.c_str(), path.size() + 1);
    is_set = 1;
}

/// Removes a flat folder (files only) with async-signal-safe calls.
void remove_flat_folder(const char* path) {
    for (int attempt = 0; attempt < 3; ++attempt) {
        const int folder = ::open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (folder < 0) return;
        alignas(8) char entries[8192];
        for (;;) {
            const long bytes = ::syscall(SYS_getdents64, folder, entries, sizeof entries);
            if (bytes <= 0) break;
            for (long offset = 0; offset < bytes;) {
                // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name.
                unsigned short record_length;
                std::memcpy(&record_length, entries + offset + 16, sizeof record_length);
                const char* name = entries + offset + 19;
                if (!(name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))))
                    ::unlinkat(folder, name, 0);
                offset += record_length;
            }
        }
        ::close(folder);
        if (::rmdir(path) == 0 || errno != ENOTEMPTY) return;
    }
}

/// Removes the lock file when this process holds its lock, or can take it: then
/// no other run holds it (a run that opened it meanwhile sees the inode change
/// and opens the new one). Never another run's lock file.
void remove_own_lock_file() {
    const int fd = g_lock_fd;
    if (!g_has_lock || fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0) return;
    struct stat opened, current;
    if (::fstat(fd, &opened) == 0 && ::stat(g_lock_path, &current) == 0 && opened.st_ino == current.st_ino &&
        opened.st_dev == current.st_dev)
        ::unlink(g_lock_path);
}

/// Removes the parent folders recorded in g_created_parents, deepest first, each only when empty.
void remove_created_parents() {
    for (int level = 0; level < g_created_parent_levels; ++level) {
        if (::rmdir(g_created_parents) != 0) return;
        char* slash = std::strrchr(g_created_parents, '/');
        if (slash == nullptr) return;
        *slash = 0;
    }
}

[[noreturn]] void abandon_and_exit(int signal_number) {
    if (g_has_staging) remove_flat_folder(g_staging_path);
    if (g_has_created) ::rmdir(g_created_path);  // only when empty
    remove_own_lock_file();
    remove_created_parents();
    ::_exit(128 + signal_number);
}

extern "C" void on_interrupt(int signal_number) {
    if (g_publishing) {
        g_pending_signal = signal_number;
        return;
    }
    abandon_and_exit(signal_number);
}

/// Marks the swap of publish(): a signal arriving meanwhile waits until it is complete.
struct PublishingSection {
    PublishingSection() { g_publishing = 1; }
    ~PublishingSection() {
        g_publishing = 0;
        if (g_pending_signal) abandon_and_exit(g_pending_signal);
    }
};

std::string random_suffix() {
    std::random_device device;
    char text[32];
    std::snprintf(text, sizeof text, "%d-%08x", int(::getpid()), unsigned(device()));
    return text;
}

/// out_dir without trailing slashes ("" and "." stay the current folder).
std::string normalized_folder(std::string out_dir) {
    if (out_dir.empty()) return ".";
    while (out_dir.size() > 1 && out_dir.back() == '/') out_dir.pop_back();
    return out_dir;
}

/// Whether the folder's own name cannot be renamed (".", "..", "/"): then it is published in place.
bool is_unrenamable(const std::string& folder) {
    const std::string name = std::filesystem::path(folder).filename().string();
    return folder == "/" || name == "." || name == ".." || name.empty();
}

std::string lock_path_for(const std::string& folder) {
    return is_unrenamable(folder) ? (std::filesystem::path(folder) / ".creditsim.lock").string() : folder + ".lock";
}

/// Removes "PREFIX*" entries of parent (leftovers of killed runs), except keep.
void remove_leftovers(const std::filesystem::path& parent, const std::string& prefix) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(parent.empty() ? "." : parent, error), end; !error && it != end;
         it.increment(error)) {
        if (!it->path().filename().string().starts_with(prefix)) continue;
        std::error_code ignored;
        std::filesystem::remove_all(it->path(), ignored);
    }
}

struct HeldLock {
    int fd = -1;
    int count = 0;
    std::string path;
    std::vector<std::string> created_parents;  ///< folders the lock's creation made, deepest first
};

/// Creates the folder and its missing ancestors; returns those it created, deepest first.
std::vector<std::string> create_parents(const std::filesystem::path& folder) {
    namespace fs = std::filesystem;
    std::vector<std::string> missing;
    std::error_code error;
    for (fs::path at = folder; !at.empty() && !fs::exists(fs::symlink_status(at, error)); at = at.parent_path()) {
        missing.push_back(at.string());
        if (at == at.parent_path()) break;
    }
    fs::create_directories(folder, error);
    if (error) return {};
    return missing;
}

/// A failed run leaves no folder behind that it made for --out (a/b/c: no a/), unless
/// something else is in it now: rmdir removes empty folders only.
void remove_parents(const std::vector<std::string>& created_parents) {
    for (const std::string& folder : created_parents)
        if (::rmdir(folder.c_str()) != 0) return;
}
std::mutex g_locks_mutex;
std::map<std::string, HeldLock> g_locks;  ///< by normalized folder

}  // namespace

void install_interrupt_handlers() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}

OutputLock::OutputLock(const std::string& out_dir) : key_(normalized_folder(out_dir)) {
    namespace fs = std::filesystem;
    const std::lock_guard guard(g_locks_mutex);
    HeldLock& held = g_locks[key_];
    if (held.count++ > 0) return;
    held.path = lock_path_for(key_);
    std::error_code error;
    const fs::path parent = fs::path(held.path).parent_path();
    if (!parent.empty()) held.created_parents = create_parents(parent);
    // The path is known to the signal handler before the file may exist, so that a signal
    // between creating it and locking it leaves no stray lock file (remove_own_lock_file).
    store_path(g_lock_path, g_has_lock, held.path);
    for (int attempt = 0;; ++attempt) {
        const int fd = ::open(held.path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
        g_lock_fd = fd;
        if (fd < 0) {
            const int error_number = errno;
            remove_parents(held.created_parents);
            g_locks.erase(key_);
            key_.clear();
            throw Error("cannot lock the report folder '" + normalized_folder(out_dir) + "' with '" +
                        lock_path_for(normalized_folder(out_dir)) + "': " + os_reason(error_number));
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            char text[32] = {};
            const ssize_t bytes = ::pread(fd, text, sizeof text - 1, 0);
            g_lock_fd = -1;
            ::close(fd);
            const std::string pid = bytes > 0 ? std::string(text, size_t(bytes)) : std::string("unknown");
            const std::string folder = key_;
            g_locks.erase(key_);
            key_.clear();
            throw Error("another creditsim run is writing " + folder + " (pid " + pid +
                        "); wait for it to finish or choose another --out");
        }
        // The holder before us may have removed the lock file after we opened it: lock the file
        // that is at the path now, or we would share the lock with a later run.
        struct stat opened, current;
        if (::fstat(fd, &opened) == 0 && ::stat(held.path.c_str(), &current) == 0 && opened.st_ino == current.st_ino &&
            opened.st_dev == current.st_dev) {
            held.fd = fd;
            break;
        }
        g_lock_fd = -1;
        ::close(fd);
        if (attempt > 100) {
            remove_parents(held.created_parents);
            g_locks.erase(key_);
            const std::string folder = key_;
            key_.clear();
            throw Error("cannot lock the report folder '" + folder + "': the lock file keeps changing");
        }
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(held.fd, 0) == 0 && ::pwrite(held.fd, pid.data(), pid.size(), 0) < 0) {
        // the pid only improves the message of a second run
    }
    if (!held.created_parents.empty()) {
        volatile sig_atomic_t is_stored = 0;
        store_path(g_created_parents, is_stored, held.created_parents.front());
        g_created_parent_levels = is_stored ? int(held.created_parents.size()) : 0;
    }
    // Under the lock nobody else stages into this folder: any staging folder is a killed run's.
    const fs::path folder(key_);
    if (!is_unrenamable(key_)) remove_leftovers(folder.parent_path(), folder.filename().string() + ".staging-");
    remove_leftovers(folder, ".creditsim-staging-");
}

OutputLock::~OutputLock() {
    if (key_.empty()) return;
    const std::lock_guard guard(g_locks_mutex);
    const auto it = g_locks.find(key_);
    if (it == g_locks.end() || --it->second.count > 0) return;
    g_has_lock = 0;
    g_lock_fd = -1;
    g_created_parent_levels = 0;
    ::unlink(it->second.path.c_str());  // while still holding it: see the inode check above
    ::close(it->second.fd);
    remove_parents(it->second.created_parents);
    g_locks.erase(it);
}

StagedFolder::StagedFolder(std::string out_dir, Publication mode)
    : out_dir_(normalized_folder(std::move(out_dir))), lock_(out_dir_), mode_(mode) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::symlink_status(out_dir_, error);
    const bool exists = fs::exists(status);
    if (exists && fs::is_symlink(status)) mode_ = Publication::in_place;  // the link stays; its target is written
    const fs::file_status target_status = fs::status(out_dir_, error);
    if (exists && !fs::is_directory(target_status))
        throw Error("cannot write reports into '" + out_dir_ + "': " + os_reason(ENOTDIR));
    if (is_unrenamable(out_dir_)) mode_ = Publication::in_place;

    if (mode_ == Publication::whole_folder) {
        const fs::path parent = fs::path(out_dir_).parent_path();
        if (!parent.empty()) {
            fs::create_directories(parent, error);
            if (error) throw Error("cannot create the report folder '" + out_dir_ + "': " + error.message());
        }
        staging_dir_ = out_dir_ + ".staging-" + random_suffix();
    } else {
        if (!exists) {
            fs::create_directories(out_dir_, error);
            if (error) throw Error("cannot create the report folder '" + out_dir_ + "': " + error.message());
            created_folder_ = true;
            store_path(g_created_path, g_has_created, out_dir_);
        }
        staging_dir_ = path_in_folder(".creditsim-staging-" + random_suffix());
    }
    if (::mkdir(staging_dir_.c_str(), 0777) != 0) {
        const int error_number = errno;
        if (created_folder_) ::rmdir(out_dir_.c_str());
        throw Error("cannot create the staging folder '" + staging_dir_ + "': " + os_reason(error_number));
    }
    store_path(g_staging_path, g_has_staging, staging_dir_);
}

StagedFolder::~StagedFolder() {
    g_has_staging = 0;
    if (created_folder_) g_has_created = 0;
    std::error_code ignored;
    if (!staging_dir_.empty()) std::filesystem::remove_all(staging_dir_, ignored);
    if (published_) return;
    if (created_folder_) ::rmdir(out_dir_.c_str());  // only succeeds when empty
}

std::string StagedFolder::path_in_folder(const std::string& file_name) const {
    return (std::filesystem::path(out_dir_) / file_name).string();
}

std::string StagedFolder::temporary_path(const std::string& name) const {
    return (std::filesystem::path(staging_dir_) / name).string();
}

std::string StagedFolder::final_path(const std::string& name) const { return path_in_folder(name); }

std::string StagedFolder::scratch_path(const std::string& name) const { return temporary_path(".scratch-" + name); }

std::vector<std::pair<std::string, std::string>> StagedFolder::staged_files() const {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& name : staged_names_) files.emplace_back(name, temporary_path(name));
    return files;
}

std::string StagedFolder::stage(const std::string& name) {
    staged_names_.push_back(name);
    return temporary_path(name);
}

std::vector<std::string> StagedFolder::publish(const std::vector<std::string>& obsolete) {
    if (mode_ == Publication::whole_folder) return publish_whole_folder(obsolete);
    return publish_in_place(obsolete);
}

std::vector<std::string> StagedFolder::publish_whole_folder(const std::vector<std::string>& obsolete) {
    namespace fs = std::filesystem;
    bool is_directory = false;
    const bool exists = lookup(out_dir_, is_directory);
    if (exists) {
        // Carry over the old folder's other regular files; a folder inside is not ours to
        // move: then the set is published file by file.
        std::vector<std::string> carried;
        std::error_code error;
        for (fs::directory_iterator it(out_dir_, error), end; !error && it != end; it.increment(error)) {
            const std::string name = it->path().filename().string();
            const fs::file_status status = it->symlink_status();
            if (fs::is_directory(status)) return publish_in_place(obsolete);
            if (!fs::is_regular_file(status)) continue;
            if (std::find(staged_names_.begin(), staged_names_.end(), name) != staged_names_.end()) continue;
            if (std::find(obsolete.begin(), obsolete.end(), name) != obsolete.end()) continue;
            // Leftovers of the earlier in-place publication are dropped.
            if (name.starts_with(".") && (name.ends_with(".tmp") || name.ends_with(".bak"))) continue;
            carried.push_back(name);
        }
        if (error) throw Error("cannot read the report folder '" + out_dir_ + "': " + error.message());
        for (const std::string& name : carried) {
            const std::string from = path_in_folder(name), to = temporary_path(name);
            if (::link(from.c_str(), to.c_str()) == 0) continue;
            std::error_code copy_error;
            fs::copy_file(from, to, copy_error);
            if (copy_error) throw Error("cannot keep '" + from + "' in the new reports: " + copy_error.message());
        }
    }
    const int staging = ::open(staging_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (staging >= 0) {
        ::fsync(staging);
        ::close(staging);
    }
    {
        const PublishingSection section;
        if (!exists) {
            if (std::rename(staging_dir_.c_str(), out_dir_.c_str()) != 0)
                throw Error("cannot write '" + out_dir_ + "': " + os_reason(errno));
            g_has_staging = 0;
            staging_dir_.clear();
        } else if (::renameat2(AT_FDCWD, staging_dir_.c_str(), AT_FDCWD, out_dir_.c_str(), RENAME_EXCHANGE) != 0) {
            if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
                throw Error("cannot replace '" + out_dir_ + "': " + os_reason(errno));
            // No atomic exchange on this file system: the old folder steps aside, the new one
            // steps in. A kill between the two renames leaves no folder at out_dir and the old
            // set at the aside name, which the next run removes.
            const std::string aside = out_dir_ + ".staging-" + random_suffix() + "-old";
            if (std::rename(out_dir_.c_str(), aside.c_str()) != 0)
                throw Error("cannot replace '" + out_dir_ + "': " + os_reason(errno));
            if (std::rename(staging_dir_.c_str(), out_dir_.c_str()) != 0) {
                const int error_number = errno;
                std::rename(aside.c_str(), out_dir_.c_str());
                throw Error("cannot replace '" + out_dir_ + "': " + os_reason(error_number));
            }
            staging_dir_ = aside;  // now the old set, removed below
            store_path(g_staging_path, g_has_staging, staging_dir_);
        }
        // After the exchange the staging name holds the old set: a signal now removes it.
        published_ = true;
    }
    if (!staging_dir_.empty()) {
        std::error_code ignored;
        fs::remove_all(staging_dir_, ignored);
        g_has_staging = 0;
        staging_dir_.clear();
    }
    const fs::path parent = fs::path(out_dir_).parent_path();
    const int folder = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
    std::vector<std::string> written;
    for (const auto& name : staged_names_) written.push_back(final_path(name));
    return written;
}

std::vector<std::string> StagedFolder::publish_in_place(const std::vector<std::string>& obsolete) {
    std::vector<Target> targets;
    for (const auto& name : staged_names_)
        targets.push_back(Target{final_path(name), temporary_path(name), path_in_folder("." + name + ".bak")});
    for (const auto& name : obsolete) {
        if (std::find(staged_names_.begin(), staged_names_.end(), name) != staged_names_.end()) continue;
        bool is_directory = false;
        if (!lookup(final_path(name), is_directory) || is_directory) continue;  // not ours to remove
        targets.push_back(Target{final_path(name), "", path_in_folder("." + name + ".bak")});
    }

    // A signal during the renames waits until the set is complete (or rolled back).
    const PublishingSection section;
    for (auto& target : targets) {
        // The previous file steps aside (not deleted) until the whole set is in place.
        // A directory under a final name stays: the rename onto it fails below.
        bool is_directory = false;
        if (lookup(target.final_path, is_directory) && !is_directory) {
            ::unlink(target.backup.c_str());  // a leftover of an interrupted run
            if (std::rename(target.final_path.c_str(), target.backup.c_str()) != 0) {
                const int error_number = errno;
                roll_back(targets);
                throw Error("cannot replace '" + target.final_path + "': " + os_reason(error_number));
            }
            target.moved_previous = true;
        }
        if (target.temporary.empty()) continue;
        if (std::rename(target.temporary.c_str(), target.final_path.c_str()) != 0) {
            const int error_number = errno;
            roll_back(targets);
            throw Error("cannot write '" + target.final_path + "': " + os_reason(error_number));
        }
        target.placed_new = true;
    }

    published_ = true;
    g_has_staging = 0;
    g_has_created = 0;
    ::rmdir(staging_dir_.c_str());  // empty now
    staging_dir_.clear();
    std::vector<std::string> written;
    for (auto& target : targets) {
        if (target.moved_previous) ::unlink(target.backup.c_str());
        if (!target.temporary.empty()) written.push_back(target.final_path);
    }
    // Make the renames durable (best effort: some file systems cannot sync a folder).
    const int folder = ::open(out_dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
    return written;
}

void write_staged_csv(StagedFolder& folder, const std::string& name, const std::function<void(CsvWriter&)>& write) {
    CsvWriter out(folder.stage(name));
    write(out);
    out.close();
}

void write_csv_file(const std::string& out_dir, const std::string& name, const std::function<void(CsvWriter&)>& write) {
    StagedFolder folder(out_dir);
    write_staged_csv(folder, name, write);
    folder.publish();
}

}  // namespace creditsim
