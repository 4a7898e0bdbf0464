#pragma once
// The build that produced the binary, as manifest.csv records it.

#include <string>
#include <utility>
#include <vector>

namespace creditsim::cli {

/// version, git_commit (HEAD at build time, `-dirty` when tracked files had changes,
/// `unknown` outside a checkout), compiler (id and version) and build_type.
std::vector<std::pair<std::string, std::string>> build_rows();

}  // namespace creditsim::cli
