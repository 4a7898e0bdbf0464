#include "app/failure.hpp"

#include <new>
#include <string>

#include "app/cli.hpp"
#include "model/errors.hpp"

namespace creditsim::cli {

Failure describe_failure(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const RemoteFailure& e) {
        return e.failure();
    } catch (const InputError& e) {
        return {kBadInput, "creditsim: " + std::to_string(e.problems().size()) +
                               (e.problems().size() == 1 ? " problem" : " problems") +
                               " in the input; nothing was written:\n" + e.what() + "\n"};
    } catch (const InvariantError& e) {
        return {kInternalError,
                std::string("creditsim: ") + e.what() + "\nThis is a creditsim bug; no report was written.\n"};
    } catch (const Error& e) {
        return {kBadInput, std::string("creditsim: ") + e.what() + "\n"};
    } catch (const std::bad_alloc&) {
        // Generated runs are estimated before they start (app/memory_estimate.hpp); a replay's
        // files, or an estimate that fell short, can still ask for more than the machine gives.
        return {kInternalError,
                "creditsim: out of memory: the run asked for more memory than this machine (or ulimit -v) "
                "allows; nothing was written. Fewer partners, replications or per-partner reports need less "
                "(docs/PERFORMANCE.md, \"Memory\").\n"};
    }
}

}  // namespace creditsim::cli
