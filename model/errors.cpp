#include "model/errors.hpp"

namespace creditsim {

std::string Problem::to_string() const {
    std::string text = file;
    if (line > 0) text.append(":").append(std::to_string(line));
    if (!text.empty()) text.append(": ");
    if (!where.empty()) text.append(where).append(": ");
    text.append(message);
    return text;
}

namespace {
std::string join_problems(const std::vector<Problem>& problems) {
    std::string text;
    for (const auto& p : problems) {
        if (!text.empty()) text += "\n";
        text += p.to_string();
    }
    return text;
}
}  // namespace

InputError::InputError(std::vector<Problem> problems) : Error(join_problems(problems)), problems_(std::move(problems)) {}

void ProblemList::throw_if_any() const {
    if (!problems_.empty()) throw InputError(problems_);
}

}  // namespace creditsim
