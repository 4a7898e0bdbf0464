#include "app/build_info.hpp"

// Generated at build time by cmake/build_info.cmake (CMakeLists.txt): only this file
// includes it, so a new commit recompiles one file.
#include "creditsim_build_info.hpp"

namespace creditsim::cli {

std::vector<std::pair<std::string, std::string>> build_rows() {
    return {{"version", CREDITSIM_VERSION},
            {"git_commit", CREDITSIM_GIT_COMMIT},
            {"compiler", CREDITSIM_COMPILER},
            {"build_type", CREDITSIM_BUILD_TYPE}};
}

}  // namespace creditsim::cli
