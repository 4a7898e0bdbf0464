#include "sim/inputs/replay/replay_inputs.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "model/hash.hpp"
#include "sim/inputs/replay/readers.hpp"

namespace creditsim {

ReplayInputs load_replay_inputs(const Scenario& scenario) {
    ReplayInputs inputs;
    ProblemList problems;
    detail::ReplayContext context{scenario, problems, inputs, {}, {}, false};

    // Order matters: each file is checked against the ones before it.
    inputs.population.catalog =
        detail::read_catalog(scenario.catalog_file, scenario.currency, problems, &context.catalog_gaps, &inputs.input_hashes);
    detail::read_partners(context);
    detail::read_users(context);
    detail::read_actions(context);
    detail::read_usage(context);

    problems.throw_if_any();
    return inputs;
}

std::string hash_file(const std::string& path) {
    errno = 0;
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) {
        const int error = errno;
        throw InputError({Problem{path, 0, "", std::string("cannot open the file: ") +
                                                   (error ? std::strerror(error) : "unknown error")}});
    }
    uint64_t hash = kFnv1aOffsetBasis;
    std::vector<char> chunk(size_t(1) << 16);
    for (size_t got; (got = std::fread(chunk.data(), 1, chunk.size(), file.get())) > 0;)
        hash = fnv1a64(hash, std::string_view(chunk.data(), got));
    return to_hex16(hash);
}

}  // namespace creditsim
