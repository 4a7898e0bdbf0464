#pragma once
// All-or-nothing publication of a set of report files in one folder. Each
// report is written to a temporary name in that folder (".ledger.csv.tmp") and
// the set is renamed into place only once every file is complete. If anything
// fails, the temporaries are removed and the folder is left as it was: reports
// replaced so far are put back, new ones removed.

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace creditsim {

class CsvWriter;

/// A folder receiving a set of files; nothing appears under a final name before publish().
class StagedFolder {
public:
    /// Uses out_dir (created with its parents if missing; "" means the current folder).
    /// Throws Error naming the path and the OS reason when it cannot be a folder.
    explicit StagedFolder(std::string out_dir);
    /// When publish() did not complete: removes every temporary, and out_dir itself
    /// when this object created it and it is empty again.
    ~StagedFolder();
    StagedFolder(const StagedFolder&) = delete;
    StagedFolder& operator=(const StagedFolder&) = delete;

    /// The temporary path for the file `name` (".<name>.tmp" in the folder), registered
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

    /// The files staged so far, as (name, temporary path), in staging order: what a
    /// report made from the others (report.html) reads before anything is published.
    std::vector<std::pair<std::string, std::string>> staged_files() const;

private:
    std::string path_in_folder(const std::string& file_name) const;

    std::string out_dir_;
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
