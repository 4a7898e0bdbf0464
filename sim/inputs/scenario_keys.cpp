#include "sim/inputs/scenario_keys.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <deque>

#include "model/errors.hpp"
#include "model/policy.hpp"
#include "sim/inputs/behavior.hpp"
#include "sim/inputs/ini_text.hpp"
#include "sim/inputs/csv/field_checks.hpp"

namespace creditsim::detail {

namespace fs = std::filesystem;

namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
    return text;
}

// The default list lives in model/policy.hpp; the table shows it, never repeats it.
const char* default_free_hosted_domains() {
    static const std::string text = join(Policy().free_hosted_domains, ", ");
    return text.c_str();
}

// Default texts built at start-up (from Behavior): the table points at them for the program's life.
const char* kept(std::string text) {
    static std::deque<std::string> texts;  // a deque never moves what it holds
    return texts.emplace_back(std::move(text)).c_str();
}

std::string join_reals(const std::vector<double>& values) {
    std::string text;
    for (double value : values) text += (text.empty() ? "" : ", ") + real_text(value);
    return text;
}

// Every number has an upper bound (docs/INPUTS.md, "Bounds"): beyond them a count
// wraps, a day leaves the calendar or a run needs more memory than any machine has.
constexpr int64_t kMaxMonths = 1200;   // 100 years: the longest run
constexpr int64_t kMaxDays = 36500;    // 100 years of days, for windows, ramps and delays
constexpr int64_t kMaxCap = 1000000;   // a policy cap above any count a run can reach is no cap
constexpr double kMaxFactor = 1000;    // weekday factors (normalised to a mean of 1 anyway)

// Bounds of the [behavior] reals (SPEC section 7).
struct RealRange {
    double min, max;
};
constexpr RealRange kShare{0, 1};                     // probabilities and shares
constexpr RealRange kDaysMean{0, double(kMaxDays)};   // mean delays in days
constexpr RealRange kIntensity{0, 1000};              // demand relative to the credit's daily value
constexpr RealRange kSigma{0, 3};                     // lognormal sigmas: 3 already spreads p5..p95 by 19,000x
constexpr RealRange kTurnover{0, 365};                // user changes per credit per year: one a day at most
constexpr RealRange kUsersMean{1, 10000};             // users = 1 + Poisson(users_mean - 1): below 1 has no meaning
constexpr RealRange kGrowth{-0.5, 1};                 // monthly_growth

// A [behavior] row of a double field of Behavior: its default is Behavior's, never repeated here.
template <double Behavior::*field>
KeyRow behavior_real(const char* key, RealRange range, const char* meaning) {
    return {.section = "behavior", .key = key, .kind = KeyKind::real,
            .default_text = kept(real_text(Behavior().*field)), .meaning = meaning,
            .real_min = range.min, .real_max = range.max,
            .apply = [](Scenario& s, const KeyValue& v) { s.behavior.*field = v.real; }};
}

// A [behavior] row of an int field of Behavior (a count of days or months, 0..max).
template <int Behavior::*field>
KeyRow behavior_count(const char* key, int64_t max, const char* meaning) {
    return {.section = "behavior", .key = key, .kind = KeyKind::whole_number,
            .default_text = kept(std::to_string(Behavior().*field)), .meaning = meaning, .min = 0, .max = max,
            .apply = [](Scenario& s, const KeyValue& v) { s.behavior.*field = int(v.number); }};
}

KeyRow behavior_weekday_factors() {
    const Behavior defaults;
    const auto& factors = defaults.weekday_factors;
    return {.section = "behavior", .key = "weekday_factors", .kind = KeyKind::real_list,
            .default_text = kept(join_reals({factors.begin(), factors.end()})), .meaning = "Monday..Sunday",
            .real_min = 0, .real_max = kMaxFactor, .list_size = factors.size(),
            .apply = [](Scenario& s, const KeyValue& v) {
                std::copy(v.reals.begin(), v.reals.end(), s.behavior.weekday_factors.begin());
            }};
}

std::vector<SectionRow> make_sections() {
    return {
        {"run", "what to simulate: name, inheritance, time span, randomness"},
        {"catalog", "the benefit catalog (catalog.csv: docs/INPUTS.md)"},
        {"population", "who the partners are: generated, or replayed from files"},
        {"behavior", "how generated partners behave: the distributions they draw from (unused by a replay)"},
        {"policy", "the credit rules a what-if changes (docs/INPUTS.md, the rules)"},
        {"output", "which per-partner reports to write (summary.csv is always written)"},
    };
}

std::vector<KeyRow> make_keys() {
    using K = KeyKind;
    // clang-format off
    return {
        {.section = "run", .key = "name", .kind = K::text, .default_text = nullptr,
         .meaning = "a label for the run in its reports", .default_note = "the scenario file's stem",
         .apply = [](Scenario& s, const KeyValue& v) { s.name = v.text; }},
        {.section = "run", .key = "base", .kind = K::path, .default_text = nullptr,
         .meaning = "scenario file to inherit every key from; this file's keys override it",
         .default_note = "none"},
        {.section = "run", .key = "start", .kind = K::date, .default_text = "2026-01-01",
         .meaning = "first simulated day",
         .apply = [](Scenario& s, const KeyValue& v) { s.start = v.date; }},
        {.section = "run", .key = "months", .kind = K::whole_number, .default_text = "36",
         .meaning = "length of the run: it covers [start, start + months)", .min = 1, .max = kMaxMonths,
         .apply = [](Scenario& s, const KeyValue& v) { s.months = int(v.number); }},
        {.section = "run", .key = "seed", .kind = K::unsigned_number, .default_text = "20261126",
         .meaning = "seed of the random streams: same seed and population keys, same partners",
         .apply = [](Scenario& s, const KeyValue& v) { s.seed = v.unsigned_number; }},
        {.section = "run", .key = "replications", .kind = K::whole_number, .default_text = "1",
         .meaning = "independent draws of a generated population (quantiles.csv when > 1)", .min = 1,
         .max = 65536,  // random streams key the replication with 16 bits
         .apply = [](Scenario& s, const KeyValue& v) { s.replications = int(v.number); }},
        {.section = "run", .key = "currency", .kind = K::currency, .default_text = "USD",
         .meaning = "the currency of every amount (a label: nothing converts); catalog.csv's currency column must agree",
         .apply = [](Scenario& s, const KeyValue& v) { s.currency = v.text; }},

        {.section = "catalog", .key = "file", .kind = K::path, .default_text = "catalog.csv",
         .meaning = "offer,credit,kind,amount,count,term_months,scope: the credits each offer awards",
         .apply = [](Scenario& s, const KeyValue& v) { s.catalog_file = v.text; }},

        {.section = "population", .key = "source", .kind = K::choice, .default_text = "generated",
         .meaning = "generated: draw partners at random; files: replay the *_file inputs exactly",
         .choices = {"generated", "files"},
         .apply = [](Scenario& s, const KeyValue& v) { s.source = PopulationSource(v.number); }},
        {.section = "population", .key = "partners", .kind = K::whole_number, .default_text = "10000",
         .meaning = "number of partners to generate", .min = 1,
         .max = 999999999,  // kMaxGeneratedPartners: 32-bit partner keys, and a run streams its partners
         .apply = [](Scenario& s, const KeyValue& v) { s.partners = v.number; }},
        {.section = "population", .key = "offer_mix", .kind = K::text,
         .default_text = "action_pack:0.4, success_core:0.35, success_expanded:0.1, legacy_gold:0.05, "
                         "solutions_security:0.1",
         .meaning = "membership offers of generated partners as offer:weight, ...",
         .apply = [](Scenario& s, const KeyValue& v) { s.offer_mix = v.text; }},
        {.section = "population", .key = "partners_file", .kind = K::path, .default_text = "partners.csv",
         .meaning = "replay input partner_id,offer,joined[,renewals]",
         .apply = [](Scenario& s, const KeyValue& v) { s.partners_file = v.text; }},
        {.section = "population", .key = "users_file", .kind = K::path, .default_text = "users.csv",
         .meaning = "replay input partner_id,user_id,email",
         .apply = [](Scenario& s, const KeyValue& v) { s.users_file = v.text; }},
        {.section = "population", .key = "actions_file", .kind = K::path, .default_text = "actions.csv",
         .meaning = "replay input date,partner_id,action,credit_id,user_id",
         .apply = [](Scenario& s, const KeyValue& v) { s.actions_file = v.text; }},
        {.section = "population", .key = "usage_file", .kind = K::path, .default_text = "usage.csv",
         .meaning = "replay input date,partner_id,subscription_id,category,amount (daily demand)",
         .apply = [](Scenario& s, const KeyValue& v) { s.usage_file = v.text; }},

        // [behavior]: one row per field of sim/inputs/behavior.hpp, its comment as the meaning.
        behavior_count<&Behavior::join_window_months>("join_window_months", kMaxMonths,
            "joins spread uniformly over the run's first N months"),
        behavior_real<&Behavior::renewal_probability>("renewal_probability", kShare,
            "chance to renew at each anniversary"),
        behavior_real<&Behavior::users_mean>("users_mean", kUsersMean,
            "users per partner: 1 + Poisson(users_mean - 1)"),
        behavior_real<&Behavior::free_hosted_share>("free_hosted_share", kShare,
            "share of users with a free-hosted e-mail domain"),
        behavior_real<&Behavior::assign_delay_mean_days>("assign_delay_mean_days", kDaysMean,
            "award -> first assign, exponential"),
        behavior_real<&Behavior::redeem_delay_mean_days>("redeem_delay_mean_days", kDaysMean,
            "assign -> redeem, exponential"),
        behavior_real<&Behavior::never_assigned_share>("never_assigned_share", kShare,
            "credits never assigned (forfeited)"),
        behavior_real<&Behavior::never_redeemed_share>("never_redeemed_share", kShare,
            "assigned credits never redeemed (forfeited)"),
        behavior_real<&Behavior::reassignments_per_year>("reassignments_per_year", kTurnover,
            "staff turnover: user changes per monthly credit per year (Poisson)"),
        behavior_real<&Behavior::usage_intensity_median>("usage_intensity_median", kIntensity,
            "partner scale: lognormal median across partners"),
        behavior_real<&Behavior::usage_intensity_sigma>("usage_intensity_sigma", kSigma,
            "partner scale: lognormal sigma"),
        behavior_real<&Behavior::idle_share>("idle_share", kShare,
            "partners that barely use anything"),
        behavior_real<&Behavior::idle_intensity>("idle_intensity", kIntensity,
            "their intensity"),
        behavior_real<&Behavior::monthly_growth>("monthly_growth", kGrowth,
            "usage growth per month since activation"),
        behavior_weekday_factors(),
        behavior_real<&Behavior::daily_noise_sigma>("daily_noise_sigma", kSigma,
            "day-to-day lognormal noise (mean 1)"),
        behavior_real<&Behavior::ineligible_share>("ineligible_share", kShare,
            "share of usage no credit pays for"),
        behavior_count<&Behavior::migration_ramp_days>("migration_ramp_days", kMaxDays,
            "workloads move onto a new subscription over this many days"),
        behavior_real<&Behavior::limit_removal_probability>("limit_removal_probability", kShare,
            "chance to remove the limit after a disable"),
        behavior_real<&Behavior::limit_removal_delay_mean_days>("limit_removal_delay_mean_days", kDaysMean,
            "delay, exponential"),
        behavior_real<&Behavior::limit_period_only_share>("limit_period_only_share", kShare,
            "of those, share using period_off rather than off"),
        behavior_real<&Behavior::conversion_probability>("conversion_probability", kShare,
            "chance a redeemed credit's partner wants PAYG after the term"),
        behavior_real<&Behavior::conversion_lead_days_mean>("conversion_lead_days_mean", kDaysMean,
            "limit set off this many days before the end day (exponential; some too late)"),
        behavior_real<&Behavior::late_convert_share>("late_convert_share", kShare,
            "of converters, share that instead convert after the end day"),
        behavior_real<&Behavior::late_convert_delay_mean_days>("late_convert_delay_mean_days", kDaysMean,
            "days after the end day for those (some after deletion)"),

        {.section = "policy", .key = "flow", .kind = K::choice, .default_text = "legacy",
         .meaning = "legacy: assign to a user who redeems; billing_profile: credits pooled on the profile",
         .choices = {"legacy", "billing_profile"},
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.flow = Flow(v.number); }},
        {.section = "policy", .key = "period", .kind = K::choice, .default_text = "anniversary",
         .meaning = "billing periods start on the activation day monthly, or follow calendar months",
         .choices = {"anniversary", "calendar"},
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.period = PeriodKind(v.number); }},
        {.section = "policy", .key = "prorate_first_period", .kind = K::boolean, .default_text = "false",
         .meaning = "calendar periods: the first monthly amount is prorated by the days left in the month",
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.prorate_first_period = v.flag; }},
        {.section = "policy", .key = "validity_months", .kind = K::whole_number, .default_text = "13",
         .meaning = "billing periods a monthly credit is valid", .min = 1, .max = kMaxMonths,
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.validity_months = int(v.number); }},
        {.section = "policy", .key = "carry_forward", .kind = K::fraction, .default_text = "0",
         .meaning = "fraction of unused monthly credit carried into the next period",
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.carry_forward = v.decimal; }},
        {.section = "policy", .key = "burn_order", .kind = K::choice, .default_text = "earliest_end_first",
         .meaning = "billing_profile: which credit pays first, after the narrowest scope",
         .choices = {"earliest_end_first", "largest_balance_first", "monthly_first"},
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.burn_order = BurnOrder(v.number); }},
        {.section = "policy", .key = "max_reassignments", .kind = K::whole_number, .default_text = "5",
         .meaning = "times a monthly credit may change user", .min = 0, .max = kMaxCap,
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.max_reassignments = int(v.number); }},
        {.section = "policy", .key = "bulk_reassignable", .kind = K::boolean, .default_text = "false",
         .meaning = "whether a bulk credit may change user (counted, never capped)",
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.bulk_reassignable = v.flag; }},
        {.section = "policy", .key = "max_bulk_per_user", .kind = K::whole_number, .default_text = "1",
         .meaning = "bulk credits one user may hold at once", .min = 0, .max = kMaxCap,
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.max_bulk_per_user = int(v.number); }},
        {.section = "policy", .key = "block_free_hosted", .kind = K::boolean, .default_text = "true",
         .meaning = "reject assignments to users of free-hosted e-mail domains",
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.block_free_hosted = v.flag; }},
        {.section = "policy", .key = "free_hosted_domains", .kind = K::domain_list,
         .default_text = default_free_hosted_domains(),
         .meaning = "whole e-mail domains counted as free-hosted (any case; empty: none)",
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.free_hosted_domains = v.items; }},
        {.section = "policy", .key = "activation_window_days", .kind = K::whole_number, .default_text = "365",
         .meaning = "days after the award to redeem a credit before it is forfeited", .min = 0, .max = kMaxDays,
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.activation_window_days = int(v.number); }},
        {.section = "policy", .key = "notice_days", .kind = K::whole_number, .default_text = "5",
         .meaning = "days before the end day the limit must be off to convert to PAYG", .min = 0, .max = kMaxDays,
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.notice_days = int(v.number); }},
        {.section = "policy", .key = "retention_days", .kind = K::whole_number, .default_text = "90",
         .meaning = "days a subscription disabled at its end day is kept before deletion", .min = 0, .max = kMaxDays,
         .apply = [](Scenario& s, const KeyValue& v) { s.policy.retention_days = int(v.number); }},

        // auto_boolean values reach apply resolved: the loader replaces auto by true or false.
        {.section = "output", .key = "ledger", .kind = K::auto_boolean, .default_text = "auto",
         .meaning = "write ledger.csv: one row per credit per billing period",
         .apply = [](Scenario& s, const KeyValue& v) { s.write_ledger = v.flag; }},
        {.section = "output", .key = "billing", .kind = K::auto_boolean, .default_text = "auto",
         .meaning = "write billing.csv: one row per partner per calendar month",
         .apply = [](Scenario& s, const KeyValue& v) { s.write_billing = v.flag; }},
        {.section = "output", .key = "events", .kind = K::auto_boolean, .default_text = "auto",
         .meaning = "write events.csv: every event of every partner",
         .apply = [](Scenario& s, const KeyValue& v) { s.write_events = v.flag; }},
        {.section = "output", .key = "population", .kind = K::boolean, .default_text = "false",
         .meaning = "also write population.csv of the generated partners",
         .apply = [](Scenario& s, const KeyValue& v) { s.write_population = v.flag; }},
    };
    // clang-format on
}

// Edit distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Two edits catch typos and case slips without suggesting unrelated names.
constexpr size_t kNearEnough = 2;

std::string_view key_part(std::string_view full_name) {
    const size_t dot = full_name.rfind('.');
    return dot == std::string_view::npos ? full_name : full_name.substr(dot + 1);
}

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

const std::vector<SectionRow>& scenario_sections() {
    static const std::vector<SectionRow> sections = make_sections();
    return sections;
}

const std::vector<KeyRow>& scenario_keys() {
    static const std::vector<KeyRow> keys = make_keys();
    return keys;
}

const KeyRow* find_key(std::string_view full_name) {
    for (const auto& row : scenario_keys())
        if (row.full_name() == full_name) return &row;
    return nullptr;
}

bool is_declared_section(std::string_view name) {
    for (const auto& section : scenario_sections())
        if (name == section.name) return true;
    return false;
}

std::optional<std::string> closest_key(std::string_view wrong) {
    std::optional<std::string> best;
    size_t best_distance = kNearEnough + 1;
    for (const auto& row : scenario_keys()) {
        const std::string name = row.full_name();
        // A right key in the wrong section ("run.period") counts as one edit away.
        const size_t distance =
            key_part(wrong) == row.key ? std::min<size_t>(1, edit_distance(wrong, name)) : edit_distance(wrong, name);
        if (distance < best_distance) best = name, best_distance = distance;
    }
    return best;
}

std::optional<std::string> closest_section(std::string_view wrong) {
    std::optional<std::string> best;
    size_t best_distance = kNearEnough + 1;
    for (const auto& section : scenario_sections()) {
        const size_t distance = edit_distance(wrong, section.name);
        if (distance < best_distance) best = section.name, best_distance = distance;
    }
    return best;
}

std::string resolve_path(const fs::path& base_dir, const fs::path& path) {
    const fs::path joined = (fs::absolute(base_dir) / path).lexically_normal();
    std::error_code error;
    const fs::path canonical = fs::weakly_canonical(joined, error);
    return (error ? joined : canonical).string();
}

std::string real_text(double value) {
    char buffer[32];  // the shortest round-trip form of a double needs at most 24
    const auto [end, code] = std::to_chars(buffer, buffer + sizeof buffer, value);
    CREDITSIM_ASSERT(code == std::errc(), "to_chars failed for a double");
    return std::string(buffer, end);
}

namespace {

// "0..1", with `to` between the bounds.
std::string real_bounds(const KeyRow& row, const char* to) { return real_text(row.real_min) + to + real_text(row.real_max); }

}  // namespace

std::string describe_type(const KeyRow& row) {
    switch (row.kind) {
        case KeyKind::text: return "text";
        case KeyKind::path: return "path";
        case KeyKind::date: return "date YYYY-MM-DD";
        case KeyKind::whole_number:
            return "whole number " + std::to_string(row.min) + ".." + std::to_string(row.max);
        case KeyKind::unsigned_number: return "whole number >= 0";
        case KeyKind::boolean: return "true | false";
        case KeyKind::choice: {
            std::string text;
            for (const char* choice : row.choices) text += (text.empty() ? "" : " | ") + std::string(choice);
            return text;
        }
        case KeyKind::fraction: return "decimal 0..1";
        case KeyKind::domain_list: return "comma-separated domains";
        case KeyKind::real: return "real " + real_bounds(row, "..");
        case KeyKind::real_list:
            return std::to_string(row.list_size) + " comma-separated reals " + real_bounds(row, "..");
        case KeyKind::auto_boolean: return "auto | true | false";
        case KeyKind::currency: return "currency code (ISO 4217, like EUR)";
    }
    return "";
}

namespace {

using Parsed = std::optional<KeyValue>;

Parsed fail(std::string& error, const std::string& expected, std::string_view raw) {
    error = "expected " + expected + "; got " + quoted(raw);
    return std::nullopt;
}

KeyValue with_text(std::string text) {
    KeyValue value;
    value.text = std::move(text);
    return value;
}

Parsed parse_text(std::string_view raw, std::string& error) {
    if (raw.empty()) return fail(error, "a non-empty value", raw);
    return with_text(std::string(raw));
}

Parsed parse_currency(std::string_view raw, std::string& error) {
    if (!is_currency_code(raw)) return fail(error, "a currency code of three upper-case letters (ISO 4217, like EUR)", raw);
    return with_text(std::string(raw));
}

Parsed parse_path(std::string_view raw, const fs::path& base_dir, std::string& error) {
    if (raw.empty()) return fail(error, "a file path", raw);
    return with_text(resolve_path(base_dir, fs::path(std::string(raw))));
}

Parsed parse_date_value(std::string_view raw, std::string& error) {
    const auto date = parse_date(raw);
    if (!date) return fail(error, "a date YYYY-MM-DD", raw);
    KeyValue value = with_text(date->to_string());
    value.date = *date;
    return value;
}

Parsed parse_whole_number(const KeyRow& row, std::string_view raw, std::string& error) {
    int64_t number = 0;
    const auto [end, code] = std::from_chars(raw.data(), raw.data() + raw.size(), number);
    const bool is_number = !raw.empty() && code == std::errc() && end == raw.data() + raw.size();
    if (is_number && number >= row.min && number <= row.max) {
        KeyValue value = with_text(std::to_string(number));
        value.number = number;
        return value;
    }
    return fail(error, "a whole number from " + std::to_string(row.min) + " to " + std::to_string(row.max), raw);
}

Parsed parse_unsigned_number(std::string_view raw, std::string& error) {
    uint64_t number = 0;
    const auto [end, code] = std::from_chars(raw.data(), raw.data() + raw.size(), number);
    if (raw.empty() || code != std::errc() || end != raw.data() + raw.size())
        return fail(error, "a whole number from 0 to " + std::to_string(UINT64_MAX), raw);
    KeyValue value = with_text(std::to_string(number));
    value.unsigned_number = number;
    return value;
}

// Only true and false (any case): "yes", "1" or "on" would read differently to different people.
Parsed parse_boolean(std::string_view raw, std::string& error) {
    const std::string lower = lower_case(raw);
    if (lower != "true" && lower != "false") return fail(error, "true or false", raw);
    KeyValue value = with_text(lower);
    value.flag = lower == "true";
    return value;
}

Parsed parse_choice(const KeyRow& row, std::string_view raw, std::string& error) {
    for (size_t i = 0; i < row.choices.size(); ++i) {
        if (raw != row.choices[i]) continue;
        KeyValue value = with_text(std::string(raw));
        value.number = int64_t(i);
        return value;
    }
    std::string choices;
    for (const char* choice : row.choices) choices += (choices.empty() ? "" : ", ") + std::string(choice);
    return fail(error, "one of " + choices, raw);
}

// Exact: a fraction like 0.1 must not become 0.1000000000000000055 through a double.
Parsed parse_fraction(std::string_view raw, std::string& error) {
    constexpr __int128 kOne = __int128(1'000'000'000'000'000'000);  // 1 in units of 1e-18
    DecimalError decimal_error = DecimalError::none;
    const auto decimal = parse_decimal(raw, ExactDecimal::kMaxPlaces, decimal_error);
    if (!decimal || decimal->units() > kOne) return fail(error, "a plain decimal from 0 to 1 (like 0.25)", raw);
    KeyValue value = with_text(std::string(raw));
    value.decimal = *decimal;
    return value;
}

bool is_domain(std::string_view domain) {
    const size_t dot = domain.find('.');
    const bool has_inner_dot = dot != std::string_view::npos && dot != 0 && domain.back() != '.';
    const bool has_bad_char = domain.find_first_of(" \t@/:") != std::string_view::npos;
    return has_inner_dot && !has_bad_char;
}

// Empty items (a trailing comma) are skipped; an empty value means no domain is free-hosted.
Parsed parse_domain_list(std::string_view raw, std::string& error) {
    KeyValue value;
    std::string_view rest = raw;
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view item = trim_blanks(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (item.empty()) continue;
        if (!is_domain(item)) return fail(error, "comma-separated e-mail domains like gmail.com", item);
        value.items.push_back(lower_case(item));
    }
    value.text = join(value.items, ", ");
    return value;
}

// A finite double written whole (std::from_chars: no '+', no hex, no blanks); -0 reads as 0.
std::optional<double> read_real(std::string_view text) {
    double number = 0;
    const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || code != std::errc() || end != text.data() + text.size() || !std::isfinite(number))
        return std::nullopt;
    return number == 0 ? 0.0 : number;
}

bool is_in_range(const KeyRow& row, double number) { return number >= row.real_min && number <= row.real_max; }

// Not the exact decimals of fraction: these feed random draws. Resolved text is the shortest
// form that reads back as the same double, so resolved.ini repeats the run bit for bit.
Parsed parse_real(const KeyRow& row, std::string_view raw, std::string& error) {
    const auto number = read_real(raw);
    if (!number || !is_in_range(row, *number)) {
        return fail(error, "a real number from " + real_bounds(row, " to "), raw);
    }
    KeyValue value = with_text(real_text(*number));
    value.real = *number;
    return value;
}

// Positions matter (Monday..Sunday), so every item must be there: no blank item is skipped.
Parsed parse_real_list(const KeyRow& row, std::string_view raw, std::string& error) {
    const std::string expected = std::to_string(row.list_size) + " comma-separated real numbers from " + real_bounds(row, " to ");
    std::vector<std::string_view> items;
    for (std::string_view rest = raw;;) {
        const size_t comma = rest.find(',');
        items.push_back(trim_blanks(rest.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    if (items.size() != row.list_size) {
        error = "expected " + expected + "; got " + std::to_string(items.size()) + ": " + quoted(raw);
        return std::nullopt;
    }
    KeyValue value;
    for (const std::string_view item : items) {
        const auto number = read_real(item);
        if (!number || !is_in_range(row, *number)) return fail(error, expected, item);
        value.reals.push_back(*number);
    }
    value.text = join_reals(value.reals);
    return value;
}

// Like boolean, in any case; auto stays auto until the loader knows the population.
Parsed parse_auto_boolean(std::string_view raw, std::string& error) {
    const std::string lower = lower_case(raw);
    if (lower == "auto") {
        KeyValue value = with_text(lower);
        value.is_auto = true;
        return value;
    }
    if (lower != "true" && lower != "false") return fail(error, "auto, true or false", raw);
    KeyValue value = with_text(lower);
    value.flag = lower == "true";
    return value;
}

}  // namespace

std::optional<KeyValue> parse_key_value(const KeyRow& row, std::string_view raw, const fs::path& base_dir,
                                        std::string& error) {
    switch (row.kind) {
        case KeyKind::text: return parse_text(raw, error);
        case KeyKind::path: return parse_path(raw, base_dir, error);
        case KeyKind::date: return parse_date_value(raw, error);
        case KeyKind::whole_number: return parse_whole_number(row, raw, error);
        case KeyKind::unsigned_number: return parse_unsigned_number(raw, error);
        case KeyKind::boolean: return parse_boolean(raw, error);
        case KeyKind::choice: return parse_choice(row, raw, error);
        case KeyKind::fraction: return parse_fraction(raw, error);
        case KeyKind::domain_list: return parse_domain_list(raw, error);
        case KeyKind::real: return parse_real(row, raw, error);
        case KeyKind::real_list: return parse_real_list(row, raw, error);
        case KeyKind::auto_boolean: return parse_auto_boolean(raw, error);
        case KeyKind::currency: return parse_currency(raw, error);
    }
    return fail(error, "a value", raw);
}

}  // namespace creditsim::detail
