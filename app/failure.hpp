#pragma once
// What a failed command prints and the exit code it ends with: one rendering
// for rank 0 and for the worker ranks of an MPI run, whose failures rank 0
// prints as they were rendered there.

#include <exception>
#include <string>

namespace creditsim::cli {

struct Failure {
    int code = 0;
    std::string text;  ///< the whole message for stderr, ending in '\n'
};

/// The message and exit code of an exception that ended a command.
Failure describe_failure(std::exception_ptr failure);

/// A failure on another rank, as that rank described it.
class RemoteFailure : public std::exception {
public:
    explicit RemoteFailure(Failure failure) : failure_(std::move(failure)) {}
    const Failure& failure() const { return failure_; }
    const char* what() const noexcept override { return failure_.text.c_str(); }

private:
    Failure failure_;
};

}  // namespace creditsim::cli
