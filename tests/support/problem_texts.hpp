#pragma once
// An InputError's problems as text, with a temporary folder's path shown as
// "{dir}/" so expected messages can be written without it.

#include <filesystem>
#include <string>
#include <vector>

#include "model/errors.hpp"

namespace creditsim::testing {

inline std::vector<std::string> problem_texts(const InputError& error, const std::filesystem::path& dir) {
    std::vector<std::string> texts;
    const std::string prefix = dir.string() + "/";
    for (const auto& problem : error.problems()) {
        std::string text = problem.to_string();
        for (size_t at; (at = text.find(prefix)) != std::string::npos;) text.replace(at, prefix.size(), "{dir}/");
        texts.push_back(text);
    }
    return texts;
}

}  // namespace creditsim::testing
