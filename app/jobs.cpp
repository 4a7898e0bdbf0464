#include "app/jobs.hpp"

#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

#include "app/cluster/cluster.hpp"
#include "app/memory_estimate.hpp"
#include "sim/engine/engine.hpp"

namespace creditsim::cli {

namespace {
// Credit subscriptions (redeemed or deposited credits) × days of the run.
int64_t count_subscription_days(const ReplicationResult& r, Date start, Date end_day) {
    int64_t subscriptions = 0;
    for (const SummaryMonth& m : r.summary) subscriptions += m.activated;
    return subscriptions * int64_t(end_day - start);
}
}  // namespace

JobOutput run_replay_job(const Scenario& scenario, const std::function<void(int)>& replicated) {
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
        if (replicated) replicated(r + 1);
    }
    out.input_hashes = inputs.input_hashes;
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

JobOutput run_generated_job(const Scenario& scenario, int threads, ProgressStyle style, ReportSet* reports) {
    JobOutput out;
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency, &out.input_hashes);
    check_generated_run_fits(scenario, catalog, threads);
    const std::string last_month = month_key_to_string(month_key(scenario.end_day().plus_days(-1)));
    ProgressLine line(style);
    auto progress = [&](int replication, int done, int total) {
        // Blocks run all months at once: the share of partners simulated
        // through the last month is the progress (docs/DECISIONS.md), over
        // every replication.
        const double share_of_replication = total ? double(done) / total : 1.0;
        const double fraction = (replication + share_of_replication) / std::max(1, scenario.replications);
        const bool finished = done == total && replication + 1 == scenario.replications;
        line.report(fraction, finished, [&](ProgressStyle shown) {
            char text[160];
            if (shown == ProgressStyle::terminal)
                std::snprintf(text, sizeof text, "replication %d/%d: %3d%% of %lld partners simulated through %s",
                              replication + 1, scenario.replications, int(share_of_replication * 100.0 + 1e-9),
                              static_cast<long long>(scenario.partners), last_month.c_str());
            else
                std::snprintf(text, sizeof text, "replication %d/%d, %lld partners through %s", replication + 1,
                              scenario.replications, static_cast<long long>(scenario.partners), last_month.c_str());
            return std::string(text);
        });
    };
    cluster::run_generated_replications_everywhere(scenario, catalog, threads, reports, [&](ReplicationResult&& summary) {
        if (reports) reports->end_replication();
        out.subscription_days += count_subscription_days(summary, scenario.start, scenario.end_day());
        out.replications.push_back(std::move(summary));
    }, progress);
    line.close();
    return out;
}

namespace {

/// The step's fraction of the command when `replications_done` (fractional within a replication)
/// of the scenario's replications are done.
void report_step(const ProgressStep& step, int replications, double replications_done, int replication_shown,
                 int percent_of_replication) {
    if (!step.line) return;
    const double fraction = (step.index + replications_done / std::max(1, replications)) / std::max(1, step.count);
    const bool finished = step.index + 1 == step.count && replications_done >= replications;
    step.line->report(fraction, finished, [&](ProgressStyle shown) {
        std::string text = step.label + (shown == ProgressStyle::terminal ? ": " : ", ") + "replication " +
                           std::to_string(replication_shown) + "/" + std::to_string(replications);
        if (shown == ProgressStyle::terminal && percent_of_replication >= 0)
            text += ", " + std::to_string(percent_of_replication) + "% of partners simulated";
        return text;
    });
}

}  // namespace

void report_step_done(const ProgressStep& step, int replications) {
    report_step(step, replications, replications, replications, -1);
}

void for_each_replication(const Scenario& scenario, int threads, const ProgressStep& step,
                          const std::function<void(const ReplicationResult&)>& visit, Sharing sharing) {
    const int replications = scenario.replications;
    if (scenario.source == PopulationSource::files) {
        const JobOutput job = run_replay_job(scenario, [&](int done) { report_step(step, replications, done, done, -1); });
        for (const ReplicationResult& result : job.replications) visit(result);
        return;
    }
    const Catalog catalog = load_catalog(scenario.catalog_file, scenario.currency);
    check_generated_run_fits(scenario, catalog, threads);
    const BlockProgress block_progress = [&](int replication, int done, int total) {
        const double share = total ? double(done) / total : 1.0;
        report_step(step, replications, replication + share, replication + 1, int(share * 100.0 + 1e-9));
    };
    // One stream of blocks over every replication: only each one's summary is kept.
    const ReplicationSink visit_summary = [&](ReplicationResult&& summary) { visit(summary); };
    const BlockProgress progress = step.line ? block_progress : BlockProgress{};
    if (sharing == Sharing::every_rank)
        cluster::run_generated_replications_everywhere(scenario, catalog, threads, nullptr, visit_summary, progress);
    else
        run_generated_replications(scenario, catalog, threads, {}, visit_summary, progress);
}

int default_threads() {
    const int cores = std::max(1, int(std::thread::hardware_concurrency()));
    // A launcher that bound this process to some cores (mpirun binds each rank
    // to one core by default at -np 1 and 2, srun to its --cpus-per-task) meant
    // those; unbound, the ranks of an MPI job on this machine share its cores.
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) == 0 && CPU_COUNT(&allowed) < cores)
        return std::max(1, CPU_COUNT(&allowed));
    return std::max(1, cores / cluster::local_ranks());
}

int worker_threads(int asked) { return asked > 0 ? asked : default_threads(); }

}  // namespace creditsim::cli
