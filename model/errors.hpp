#pragma once
// One exception base for the project. InputError is the user's fault and
// carries every problem found (file, line, column or key, what was expected);
// InvariantError is our bug. The core never prints or exits: main decides.

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace creditsim {

/// Base of every creditsim exception; what() is ready to show to a user.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One problem in an input: where it is and what was expected there.
struct Problem {
    std::string file;   ///< path as the user named it (may be empty for command-line values)
    int line = 0;       ///< 1-based line; 0 when no line applies
    std::string where;  ///< "column 'amount'" or "key 'policy.period'"; may be empty
    std::string message;

    /// "file:line: where: message".
    std::string to_string() const;
};

/// Bad input: all problems found, to be shown together. Exit code 2.
class InputError : public Error {
public:
    explicit InputError(std::vector<Problem> problems);
    const std::vector<Problem>& problems() const { return problems_; }

private:
    std::vector<Problem> problems_;
};

/// Collects problems while reading an input; throws them all at once.
class ProblemList {
public:
    void add(Problem problem) { problems_.push_back(std::move(problem)); }
    void add(const std::string& file, int line, const std::string& where, const std::string& message) {
        problems_.push_back(Problem{file, line, where, message});
    }
    void append(const ProblemList& other) { problems_.insert(problems_.end(), other.problems_.begin(), other.problems_.end()); }
    bool empty() const { return problems_.empty(); }
    size_t size() const { return problems_.size(); }
    const std::vector<Problem>& problems() const { return problems_; }
    /// Throws InputError when any problem was collected.
    void throw_if_any() const;

private:
    std::vector<Problem> problems_;
};

/// An amount of money outside int64 cents (about ±9.2 × 10^16 cents): the inputs' totals
/// cannot be represented. Bad input, exit code 2; what() says which operation overflowed.
class OverflowError : public Error {
public:
    using Error::Error;
};

/// A broken internal invariant: a creditsim bug, not the user's input.
class InvariantError : public Error {
public:
    using Error::Error;
};

}  // namespace creditsim

/// Precondition/invariant check with a streamed message: CREDITSIM_ASSERT(a <= b, "a " << a).
#define CREDITSIM_ASSERT(condition, message)                                              \
    do {                                                                                    \
        if (!(condition)) {                                                                 \
            std::ostringstream creditsim_assert_stream;                                     \
            creditsim_assert_stream << "internal error: " << message << " (" << __FILE__ << ":" \
                                    << __LINE__ << ")";                                     \
            throw ::creditsim::InvariantError(creditsim_assert_stream.str());               \
        }                                                                                   \
    } while (false)
