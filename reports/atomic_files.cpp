#include "reports/atomic_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

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

}  // namespace

StagedFolder::StagedFolder(std::string out_dir) : out_dir_(out_dir.empty() ? std::string(".") : std::move(out_dir)) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(out_dir_, error);
    if (fs::exists(status)) {
        if (!fs::is_directory(status))
            throw Error("cannot write reports into '" + out_dir_ + "': " + os_reason(ENOTDIR));
        return;
    }
    fs::create_directories(out_dir_, error);
    if (error) throw Error("cannot create the report folder '" + out_dir_ + "': " + error.message());
    created_folder_ = true;
}

StagedFolder::~StagedFolder() {
    if (published_) return;
    for (const auto& name : staged_names_) ::unlink(path_in_folder("." + name + ".tmp").c_str());
    if (created_folder_) ::rmdir(out_dir_.c_str());  // only succeeds when empty
}

std::string StagedFolder::path_in_folder(const std::string& file_name) const {
    return (std::filesystem::path(out_dir_) / file_name).string();
}

std::string StagedFolder::final_path(const std::string& name) const { return path_in_folder(name); }

std::vector<std::pair<std::string, std::string>> StagedFolder::staged_files() const {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& name : staged_names_) files.emplace_back(name, path_in_folder("." + name + ".tmp"));
    return files;
}

std::string StagedFolder::stage(const std::string& name) {
    staged_names_.push_back(name);
    return path_in_folder("." + name + ".tmp");
}

std::vector<std::string> StagedFolder::publish(const std::vector<std::string>& obsolete) {
    std::vector<Target> targets;
    for (const auto& name : staged_names_)
        targets.push_back(
            Target{final_path(name), path_in_folder("." + name + ".tmp"), path_in_folder("." + name + ".bak")});
    for (const auto& name : obsolete) {
        if (std::find(staged_names_.begin(), staged_names_.end(), name) != staged_names_.end()) continue;
        bool is_directory = false;
        if (!lookup(final_path(name), is_directory) || is_directory) continue;  // not ours to remove
        targets.push_back(Target{final_path(name), "", path_in_folder("." + name + ".bak")});
    }

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
