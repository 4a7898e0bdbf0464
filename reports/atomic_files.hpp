#pragma once
// All-or-nothing publication of a set of report files in one folder.
//
// Whole-folder mode (the reports of run, compare, sweep, forecast...): creditsim
// owns the folder it publishes. Reports are written into a staging folder beside
// the target, "DIR.staging-<pid>-<random>" (same file system), and the staging
// folder replaces DIR with one atomic rename (renameat2 RENAME_EXCHANGE when DIR
// exists, then the old tree is removed). A reader, a crash or a kill sees the
// complete old set or the complete new one. Regular files of the old DIR that
// this set neither writes nor declares obsolete are carried over (hard links).
// Fallbacks: where RENAME_EXCHANGE is unsupported, DIR is renamed aside and the
// staging folder renamed in (a kill between those two renames leaves no DIR and
// the old set under the aside name, removed by the next run); a DIR that cannot
// be swapped (the current folder, a symbolic link, a folder holding folders)
// is published file by file, in place.
//
// In-place mode (import's usage.csv, report's report.html): each file is written
// to ".NAME.tmp" in the folder and renamed into place once all are complete; on
// failure reports replaced so far are put back, new ones removed.
//
// Both modes hold an OutputLock on DIR: a second run into the same folder fails.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace creditsim {

class CsvWriter;

/// An exclusive, non-blocking flock() on "DIR.lock" beside the folder DIR, held by this
/// process (nested locks of one process on one folder share it). Released, and the lock
/// file removed, by the last destructor. Under the lock, leftovers of killed runs
/// ("DIR.staging-*" folders) are removed.
class OutputLock {
public:
    /// Throws Error "another creditsim run is writing DIR (pid N)" when another process holds it.
    explicit OutputLock(const std::string& out_dir);
    ~OutputLock();
    OutputLock(const OutputLock&) = delete;
    OutputLock& operator=(const OutputLock&) = delete;

private:
    std::string key_;
};

/// How StagedFolder publishes (see the top of this file).
enum class Publication { whole_folder, in_place };

/// Installs SIGINT and SIGTERM handlers: the staging folder of the run is removed (not
/// during the atomic swap itself: then the signal waits until the swap is complete),
/// the lock file is released, and the process exits with 128 + the signal number.
void install_interrupt_handlers();

/// A folder receiving a set of files; nothing appears under a final name before publish().
class StagedFolder {
public:
    /// Uses out_dir ("" means the current folder; its parents are created if missing) and locks it.
    /// Throws Error naming the path and the OS reason when it cannot be a folder.
    explicit StagedFolder(std::string out_dir, Publication mode = Publication::in_place);
    /// When publish() did not complete: removes every temporary (the staging folder),
    /// and out_dir itself when this object created it and it is empty again.
    ~StagedFolder();
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// The temporary path for the file `name` (in the staging folder, or ".<name>.tmp" in place), registered
    /// so that publish() renames it to `name` and a failure removes it.
    std::string stage(const std::string& name);

    /// Renames every staged file to its final name, in staging order, and removes the
    /// files named in `obsolete` (plain files only) that this set does not contain, so that
    /// the folder holds one consistent set. All or nothing: on failure every final name
    /// is restored to what it was, and Error names the path and the OS reason.
    /// Returns the final paths in staging order.
    std::vector<std::string> publish(const std::vector<std::string>& obsolete = {});

    /// The final path of the file `name` in the folder.
    std::string final_path(const std::string& name) const;

    /// A path in the staging folder for a working file of the run's own, never
    /// published: its writer removes it before publish(), and any failure removes
    /// it with the staging folder.
    std::string scratch_path(const std::string& name) const;

    /// The files staged so far, as (name, temporary path), in staging order: what a
    /// report made from the others (report.html) reads before anything is published.
    std::vector<std::pair<std::string, std::string>> staged_files() const;

private:
    std::string path_in_folder(const std::string& file_name) const;
    std::string temporary_path(const std::string& name) const;
    std::vector<std::string> publish_in_place(const std::vector<std::string>& obsolete);
    std::vector<std::string> publish_whole_folder(const std::vector<std::string>& obsolete);

    std::string out_dir_;
    OutputLock lock_;
    Publication mode_;
    std::string staging_dir_;  ///< whole-folder mode: the staging folder beside out_dir
    bool created_folder_ = false;
    bool published_ = false;
    std::vector<std::string> staged_names_;
};

/// Stages the file `name` in folder and writes it completely (write, then close) under
/// its temporary name; throws Error when it cannot, and publish() is never reached.
void write_staged_csv(StagedFolder& folder, const std::string& name, const std::function<void(CsvWriter&)>& write);

/// A set of one file: writes `name` into out_dir and publishes it, all or nothing.
void write_csv_file(const std::string& out_dir, const std::string& name, const std::function<void(CsvWriter&)>& write);

}  // namespace creditsim
