#include "app/cluster/messages.hpp"

#include <type_traits>

#include "app/cluster/bytes.hpp"

namespace creditsim::cli::cluster {
namespace {

static_assert(std::is_trivially_copyable_v<SummaryMonth>, "monthly sums go as their bytes");
static_assert(std::is_trivially_copyable_v<Behavior>, "[behavior] goes as its bytes");
static_assert(std::is_trivially_copyable_v<EventRows::Row>, "event rows' places go as their bytes");
static_assert(std::is_trivially_copyable_v<LedgerRow> && std::is_trivially_copyable_v<Event> &&
                  std::is_trivially_copyable_v<BillingMonth> && std::is_trivially_copyable_v<Exhaustion>,
              "a replication's records go as their bytes");
// A field added to Policy must be added to put_policy and get_policy too: this
// size (x86-64, the GCC and Clang of Debian 12) is the reminder.
static_assert(sizeof(void*) != 8 || sizeof(Policy) == 96, "a field of Policy that no message carries");

void put_policy(ByteWriter& out, const Policy& p) {
    out.put(p.flow).put(p.period).put(p.prorate_first_period).put(p.validity_months).put(p.carry_forward.units());
    out.put(p.burn_order).put(p.max_reassignments).put(p.bulk_reassignable).put(p.max_bulk_per_user);
    out.put(p.block_free_hosted).put_texts(p.free_hosted_domains);
    out.put(p.activation_window_days).put(p.notice_days).put(p.retention_days);
}

Policy get_policy(ByteReader& in) {
    Policy p;
    p.flow = in.get<Flow>();
    p.period = in.get<PeriodKind>();
    p.prorate_first_period = in.get<bool>();
    p.validity_months = in.get<int>();
    p.carry_forward = ExactDecimal::from_units(in.get<__int128>());
    p.burn_order = in.get<BurnOrder>();
    p.max_reassignments = in.get<int>();
    p.bulk_reassignable = in.get<bool>();
    p.max_bulk_per_user = in.get<int>();
    p.block_free_hosted = in.get<bool>();
    p.free_hosted_domains = in.get_texts();
    p.activation_window_days = in.get<int>();
    p.notice_days = in.get<int>();
    p.retention_days = in.get<int>();
    return p;
}

void put_catalog(ByteWriter& out, const Catalog& catalog) {
    out.put(uint64_t(catalog.lines().size()));
    for (const CatalogLine& line : catalog.lines()) {
        out.put_text(line.offer).put_text(line.credit);
        out.put(line.kind).put(line.amount).put(line.count).put(line.term_months).put(line.scope);
    }
    out.put_texts(catalog.products());
}

Catalog get_catalog(ByteReader& in) {
    std::vector<CatalogLine> lines(in.get<uint64_t>());
    for (CatalogLine& line : lines) {
        line.offer = in.get_text();
        line.credit = in.get_text();
        line.kind = in.get<CreditKind>();
        line.amount = in.get<Money>();
        line.count = in.get<int>();
        line.term_months = in.get<int>();
        line.scope = in.get<Category>();
    }
    return Catalog(std::move(lines), in.get_texts());
}

/// read(in) over a message of kind `kind`, past its kind byte; a message of
/// another kind, or with bytes left over, is a creditsim bug.
template <typename Read>
auto read_message(std::string_view message, MessageKind kind, Read read) {
    ByteReader in(message);
    const auto got = in.get<MessageKind>();
    CREDITSIM_ASSERT(got == kind, "a message of kind " << int(got) << " where kind " << int(kind) << " belongs");
    auto value = read(in);
    CREDITSIM_ASSERT(in.at_end(), "a message of kind " << int(kind) << " longer than its fields");
    return value;
}

}  // namespace

MessageKind kind_of(std::string_view message) {
    CREDITSIM_ASSERT(!message.empty(), "an empty message");
    const auto kind = uint8_t(message[0]);
    CREDITSIM_ASSERT(kind >= uint8_t(MessageKind::job) && kind <= uint8_t(MessageKind::stopped),
                     "a message of kind " << int(kind));
    return MessageKind(kind);
}

std::string encode_job(const Scenario& scenario, const Catalog& catalog, int threads, const ReportSet* reports) {
    ByteWriter out;
    out.put(MessageKind::job);
    out.put_text(scenario.file).put_text(scenario.name).put(scenario.start).put(scenario.months).put(scenario.seed);
    out.put(scenario.replications).put(scenario.partners).put_text(scenario.offer_mix).put(scenario.behavior);
    put_policy(out, scenario.policy);
    out.put(scenario.write_ledger).put(scenario.write_billing).put(scenario.write_events);
    out.put(scenario.write_population).put_text(scenario.currency);
    put_catalog(out, catalog);
    out.put(threads).put(reports != nullptr);
    if (reports) {
        const ReportSelection& s = reports->selection();
        out.put(s.ledger).put(s.billing).put(s.events).put(s.population).put_text(reports->currency());
    }
    return std::move(out.bytes());
}

StreamJob decode_job(std::string_view message) {
    return read_message(message, MessageKind::job, [](ByteReader& in) {
        StreamJob job;
        Scenario& s = job.scenario;
        s.file = in.get_text();
        s.name = in.get_text();
        s.start = in.get<Date>();
        s.months = in.get<int>();
        s.seed = in.get<uint64_t>();
        s.replications = in.get<int>();
        s.partners = in.get<int64_t>();
        s.offer_mix = in.get_text();
        s.behavior = in.get<Behavior>();
        s.policy = get_policy(in);
        s.write_ledger = in.get<bool>();
        s.write_billing = in.get<bool>();
        s.write_events = in.get<bool>();
        s.write_population = in.get<bool>();
        s.currency = in.get_text();
        job.catalog = get_catalog(in);
        job.threads = in.get<int>();
        job.wants_rows = in.get<bool>();
        if (job.wants_rows) {
            job.selection.ledger = in.get<bool>();
            job.selection.billing = in.get<bool>();
            job.selection.events = in.get<bool>();
            job.selection.population = in.get<bool>();
            job.currency = in.get_text();
        }
        return job;
    });
}

std::string encode_study_job(const std::vector<Scenario>& scenarios, const std::vector<Catalog>& catalogs,
                             int threads, bool per_month) {
    CREDITSIM_ASSERT(scenarios.size() == catalogs.size(), scenarios.size() << " scenarios, " << catalogs.size()
                                                                            << " catalogs");
    ByteWriter out;
    out.put(MessageKind::study_job).put(per_month).put(uint64_t(scenarios.size()));
    for (size_t s = 0; s < scenarios.size(); ++s) out.put_text(encode_job(scenarios[s], catalogs[s], threads, nullptr));
    return std::move(out.bytes());
}

StudyJob decode_study_job(std::string_view message) {
    return read_message(message, MessageKind::study_job, [](ByteReader& in) {
        StudyJob job;
        job.per_month = in.get<bool>();
        job.scenarios.resize(in.get<uint64_t>());
        for (StreamJob& scenario : job.scenarios) scenario = decode_job(in.get_text());
        return job;
    });
}

std::string encode_metrics(int scenario, const MetricValues& values) {
    ByteWriter out;
    out.put(MessageKind::metrics).put(scenario).put(uint64_t(values.size()));
    for (const auto& periods : values) {
        out.put(uint64_t(periods.size()));
        for (const std::vector<double>& replications : periods) out.put_all(replications);
    }
    return std::move(out.bytes());
}

std::pair<int, MetricValues> decode_metrics(std::string_view message) {
    return read_message(message, MessageKind::metrics, [](ByteReader& in) {
        const int scenario = in.get<int>();
        MetricValues values(in.get<uint64_t>());
        for (auto& periods : values) {
            periods.resize(in.get<uint64_t>());
            for (std::vector<double>& replications : periods) replications = in.get_all<double>();
        }
        return std::pair<int, MetricValues>(scenario, std::move(values));
    });
}

std::string encode_forecast_job(const ForecastJobRequest& request, const ForecastRun& run,
                                const std::vector<std::pair<std::string, std::string>>& input_hashes) {
    ByteWriter out;
    out.put(MessageKind::forecast_job).put_text(request.scenario_file).put_text(request.command);
    out.put_texts(request.overrides);
    out.put(run.as_of).put(run.end_day).put(run.replications).put(run.threads).put(run.planned);
    out.put(uint64_t(input_hashes.size()));
    for (const auto& [file, hash] : input_hashes) out.put_text(file).put_text(hash);
    return std::move(out.bytes());
}

ForecastShareJob decode_forecast_job(std::string_view message) {
    return read_message(message, MessageKind::forecast_job, [](ByteReader& in) {
        ForecastShareJob job;
        job.request.scenario_file = in.get_text();
        job.request.command = in.get_text();
        job.request.overrides = in.get_texts();
        job.run.as_of = in.get<Date>();
        job.run.end_day = in.get<Date>();
        job.run.replications = in.get<int>();
        job.run.threads = in.get<int>();
        job.run.planned = in.get<PlannedActions>();
        job.input_hashes.resize(in.get<uint64_t>());
        for (auto& [file, hash] : job.input_hashes) {
            file = in.get_text();
            hash = in.get_text();
        }
        return job;
    });
}

std::string encode_replication(const ReplicationResult& result) {
    ByteWriter out;
    out.put(MessageKind::replication).put(result.replication).put(result.first_month_key).put(result.month_count);
    out.put_all(result.ledger).put_all(result.events).put_all(result.billing).put_all(result.summary);
    out.put_all(result.exhaustions);
    return std::move(out.bytes());
}

ReplicationResult decode_replication(std::string_view message) {
    return read_message(message, MessageKind::replication, [](ByteReader& in) {
        ReplicationResult result;
        result.replication = in.get<int>();
        result.first_month_key = in.get<int>();
        result.month_count = in.get<int>();
        result.ledger = in.get_all<LedgerRow>();
        result.events = in.get_all<Event>();
        result.billing = in.get_all<BillingMonth>();
        result.summary = in.get_all<SummaryMonth>();
        result.exhaustions = in.get_all<Exhaustion>();
        return result;
    });
}

std::string encode_block(int replication, int block, const std::vector<SummaryMonth>& summary,
                         const BlockRows& rows) {
    ByteWriter out;
    out.put(MessageKind::block).put(replication).put(block).put_all(summary);
    out.put_text(rows.ledger).put_text(rows.billing).put_text(rows.population).put_text(rows.events);
    out.put_all(rows.event_rows);
    return std::move(out.bytes());
}

RemoteBlock decode_block(std::string_view message) {
    return read_message(message, MessageKind::block, [](ByteReader& in) {
        RemoteBlock b;
        b.replication = in.get<int>();
        b.block = in.get<int>();
        b.summary = in.get_all<SummaryMonth>();
        b.rows.ledger = in.get_text();
        b.rows.billing = in.get_text();
        b.rows.population = in.get_text();
        b.rows.events = in.get_text();
        b.rows.event_rows = in.get_all<EventRows::Row>();
        return b;
    });
}

std::string encode_outcome(MessageKind kind, const Outcome& outcome) {
    CREDITSIM_ASSERT(kind == MessageKind::exit || kind == MessageKind::failed, "an outcome of kind " << int(kind));
    ByteWriter out;
    out.put(kind).put(outcome.code).put_text(outcome.text);
    return std::move(out.bytes());
}

Outcome decode_outcome(std::string_view message) {
    const MessageKind kind = kind_of(message);
    CREDITSIM_ASSERT(kind == MessageKind::exit || kind == MessageKind::failed, "an outcome of kind " << int(kind));
    return read_message(message, kind, [](ByteReader& in) {
        Outcome outcome;
        outcome.code = in.get<int>();
        outcome.text = in.get_text();
        return outcome;
    });
}

std::string encode_signal(MessageKind kind) { return std::string(1, char(kind)); }

}  // namespace creditsim::cli::cluster
