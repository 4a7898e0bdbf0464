#include "app/jobs.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "app/memory_estimate.hpp"
#include "sim/engine/engine.hpp"

namespace creditsim::cli {

const Population& JobOutput::report_population() const {
    if (replay) return replay->population;
    for (const auto& g : generated)
        if (g.population) return g.population->population;
    return empty_population;
}

namespace {
// Credit subscriptions (redeemed or deposited credits) × days of the run.
int64_t count_subscription_days(const ReplicationResult& r, Date start, Date end_day) {
    int64_t subscriptions = 0;
    for (const SummaryMonth& m : r.summary) subscriptions += m.activated;
    return subscriptions * int64_t(end_day - start);
}
}  // namespace

JobOutput run_replay_job(const Scenario& scenario) {
    JobOutput out;
    out.replay = std::make_unique<ReplayInputs>(load_replay_inputs(scenario));
    const ReplayInputs& inputs = *out.replay;
    EngineOptions options{scenario.write_ledger, scenario.write_events, scenario.write_billing};
    EngineNotes notes;
    // A replay has no randomness: every replication is the same history.
    for (int r = 0; r < scenario.replications; ++r) {
        out.replications.push_back(run_engine(inputs.population, inputs.history, scenario.policy, scenario.start,
                                              scenario.end_day(), options, r, &notes));
        out.subscription_days += count_subscription_days(out.replications.back(), scenario.start, scenario.end_day());
    }
    for (const auto& [file, hash] : inputs.input_hashes) out.input_hashes.emplace_back("input:" + file, hash);
    out.manifest_notes.emplace_back("note:actions_outside_run", std::to_string(inputs.notes.actions_outside_run));
    out.manifest_notes.emplace_back("note:usage_rows_outside_run", std::to_string(inputs.notes.usage_outside_run));
    out.manifest_notes.emplace_back("note:billing_profile_actions_ignored",
                                    std::to_string(notes.billing_profile_actions_ignored));
    if (inputs.notes.actions_outside_run)
        std::cerr << "note: " << inputs.notes.actions_outside_run << " actions dated outside the run were not applied\n";
    if (inputs.notes.usage_outside_run)
        std::cerr << "note: " << inputs.notes.usage_outside_run << " usage rows dated outside the run were not applied\n";
    for (const std::string& note : inputs.notes.usage_notes) {
        out.manifest_notes.emplace_back("note:usage", note);
        std::cerr << "note: " << note << "\n";
    }
    if (notes.billing_profile_actions_ignored)
        std::cerr << "note: " << notes.billing_profile_actions_ignored
                  << " actions were ignored: the billing_profile flow has no assignment, redemption or limits\n";
    return out;
}

JobOutput run_generated_job(const Scenario& scenario, int threads, ProgressStyle style) {
    JobOutput out;
    const Catalog catalog = load_catalog(scenario.catalog_file);
    check_generated_run_fits(scenario, catalog, threads, true);
    out.input_hashes.emplace_back("input:" + scenario.catalog_file, hash_file(scenario.catalog_file));
    const bool keep_population =
        scenario.write_ledger || scenario.write_billing || scenario.write_events || scenario.write_population;
    const auto started = std::chrono::steady_clock::now();
    std::mutex progress_mutex;
    const std::string last_month = month_key_to_string(month_key(scenario.end_day().plus_days(-1)));
    double last_print = -1e9;  // seconds since start of the last terminal line
    int last_tenth = 0;        // plain lines: the last 10% step printed
    auto progress = [&](int replication, int done, int total) {
        if (style == ProgressStyle::none) return;
        std::lock_guard<std::mutex> lock(progress_mutex);
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        // Shards run all months at once: the share of partners simulated
        // through the last month is the progress (docs/DECISIONS.md), over
        // every replication.
        const double share_of_replication = total ? double(done) / total : 1.0;
        const double fraction = (replication + share_of_replication) / std::max(1, scenario.replications);
        const int percent = int(fraction * 100.0 + 1e-9);
        const bool finished = done == total && replication + 1 == scenario.replications;
        char left[48] = "";
        if (fraction > 0 && !finished)
            std::snprintf(left, sizeof left, ", about %.0f s left", elapsed / fraction * (1.0 - fraction));
        if (style == ProgressStyle::terminal) {
            // A line rewritten in place, every few seconds and at the end.
            if (elapsed - last_print < 2.0 && !finished) return;
            last_print = elapsed;
            std::fprintf(stderr, "\rreplication %d/%d: %3d%% of %lld partners simulated through %s, %.1f s elapsed%s   ",
                         replication + 1, scenario.replications, int(share_of_replication * 100.0 + 1e-9),
                         static_cast<long long>(scenario.partners), last_month.c_str(), elapsed, left);
        } else {
            // A new line at each 10% step of the whole run: readable in a log.
            const int tenth = percent / 10;
            if (tenth <= last_tenth) return;
            last_tenth = tenth;
            std::fprintf(stderr, "progress: %d%% (replication %d/%d, %lld partners through %s), %.1f s elapsed%s\n",
                         tenth * 10, replication + 1, scenario.replications, static_cast<long long>(scenario.partners),
                         last_month.c_str(), elapsed, left);
        }
        std::fflush(stderr);
    };
    for (int r = 0; r < scenario.replications; ++r) {
        GeneratedReplication replication =
            run_generated_replication(scenario, catalog, r, threads, keep_population, progress);
        out.subscription_days += count_subscription_days(replication.result, scenario.start, scenario.end_day());
        out.replications.push_back(std::move(replication.result));
        out.generated.push_back(std::move(replication));
    }
    if (style == ProgressStyle::terminal) std::fprintf(stderr, "\n");
    out.empty_population.catalog = catalog;
    return out;
}

void for_each_replication(const Scenario& scenario, int threads, const std::string& label,
                          const std::function<void(const ReplicationResult&)>& visit) {
    if (scenario.source == PopulationSource::files) {
        const JobOutput job = run_replay_job(scenario);
        for (const ReplicationResult& result : job.replications) visit(result);
        return;
    }
    const bool show_progress = stderr_is_terminal();
    const Catalog catalog = load_catalog(scenario.catalog_file);
    check_generated_run_fits(scenario, catalog, threads, false);
    for (int r = 0; r < scenario.replications; ++r) {
        if (show_progress) std::fprintf(stderr, "\r%s: replication %d/%d ", label.c_str(), r + 1, scenario.replications);
        // One replication at a time: its records are reduced, then dropped.
        const GeneratedReplication replication = run_generated_replication(scenario, catalog, r, threads, false);
        visit(replication.result);
    }
    if (show_progress) std::fprintf(stderr, "\n");
}

int default_threads() {
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : int(cores);
}

int worker_threads(int asked) { return asked > 0 ? asked : default_threads(); }

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

ProgressStyle progress_style(bool quiet) {
    if (quiet) return ProgressStyle::none;
    return stderr_is_terminal() ? ProgressStyle::terminal : ProgressStyle::plain;
}

}  // namespace creditsim::cli
