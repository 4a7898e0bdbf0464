#include "sim/inputs/scenario.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/errors.hpp"
#include "sim/inputs/behavior.hpp"
#include "sim/inputs/scenario_keys.hpp"

namespace creditsim {
namespace {

namespace fs = std::filesystem;

// Each test gets a fresh directory of small INI files, removed afterwards.
class ScenarioTest : public ::testing::Test {
protected:
    void SetUp() override {
        static int counter = 0;
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string unique = std::string("creditsim_scenario_") + info->name() + "_" + std::to_string(getpid()) +
                             "_" + std::to_string(counter++);
        for (char& c : unique)
            if (c == '/') c = '_';  // parameterised test names contain '/'
        dir_ = fs::weakly_canonical(fs::temp_directory_path()) / unique;
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        original_cwd_ = fs::current_path();
    }
    void TearDown() override {
        fs::current_path(original_cwd_);
        fs::remove_all(dir_);
    }

    /// Writes text to dir_/relative (creating folders); returns its absolute path.
    std::string write(const std::string& relative, const std::string& text) {
        const fs::path path = dir_ / relative;
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary) << text;
        return path.string();
    }
    std::string path_of(const std::string& relative) const { return (dir_ / relative).string(); }

    /// The full what() of the InputError that loading throws, or "" when it loads.
    static std::string error_of(const std::string& path, const std::vector<std::string>& overrides = {}) {
        try {
            load_scenario(path, overrides);
        } catch (const InputError& error) {
            return error.what();
        }
        return "";
    }

    /// The resolved value of one key.
    static std::string resolved_value(const Scenario& scenario, const std::string& key) {
        for (const auto& [name, value] : scenario.resolved)
            if (name == key) return value;
        return "<absent>";
    }

    /// Every field of a and b equal, bit for bit (the defaults, a round trip).
    static void expect_same_behavior(const Behavior& a, const Behavior& b) {
        EXPECT_EQ(a.join_window_months, b.join_window_months);
        EXPECT_EQ(a.renewal_probability, b.renewal_probability);
        EXPECT_EQ(a.users_mean, b.users_mean);
        EXPECT_EQ(a.free_hosted_share, b.free_hosted_share);
        EXPECT_EQ(a.assign_delay_mean_days, b.assign_delay_mean_days);
        EXPECT_EQ(a.redeem_delay_mean_days, b.redeem_delay_mean_days);
        EXPECT_EQ(a.never_assigned_share, b.never_assigned_share);
        EXPECT_EQ(a.never_redeemed_share, b.never_redeemed_share);
        EXPECT_EQ(a.reassignments_per_year, b.reassignments_per_year);
        EXPECT_EQ(a.usage_intensity_median, b.usage_intensity_median);
        EXPECT_EQ(a.usage_intensity_sigma, b.usage_intensity_sigma);
        EXPECT_EQ(a.idle_share, b.idle_share);
        EXPECT_EQ(a.idle_intensity, b.idle_intensity);
        EXPECT_EQ(a.monthly_growth, b.monthly_growth);
        EXPECT_EQ(a.weekday_factors, b.weekday_factors);
        EXPECT_EQ(a.daily_noise_sigma, b.daily_noise_sigma);
        EXPECT_EQ(a.ineligible_share, b.ineligible_share);
        EXPECT_EQ(a.migration_ramp_days, b.migration_ramp_days);
        EXPECT_EQ(a.limit_removal_probability, b.limit_removal_probability);
        EXPECT_EQ(a.limit_removal_delay_mean_days, b.limit_removal_delay_mean_days);
        EXPECT_EQ(a.limit_period_only_share, b.limit_period_only_share);
        EXPECT_EQ(a.conversion_probability, b.conversion_probability);
        EXPECT_EQ(a.conversion_lead_days_mean, b.conversion_lead_days_mean);
        EXPECT_EQ(a.late_convert_share, b.late_convert_share);
        EXPECT_EQ(a.late_convert_delay_mean_days, b.late_convert_delay_mean_days);
    }

    /// The resolved pairs written back as an INI file, as resolved.ini would hold them.
    std::string write_resolved(const std::string& relative, const Scenario& scenario) {
        std::string ini;
        std::string section;
        for (const auto& [name, value] : scenario.resolved) {
            const std::string this_section = name.substr(0, name.find('.'));
            if (this_section != section) ini += "[" + this_section + "]\n";
            section = this_section;
            ini += name.substr(name.find('.') + 1) + " = " + value + "\n";
        }
        return write(relative, ini);
    }

    fs::path dir_;
    fs::path original_cwd_;
};

TEST_F(ScenarioTest, EmptyFileGivesEveryDefault) {
    const std::string path = write("baseline.ini", "");
    const Scenario s = load_scenario(path);
    EXPECT_EQ(s.file, path);
    EXPECT_EQ(s.name, "baseline") << "the name defaults to the file's stem";
    EXPECT_EQ(s.start, Date::from_ymd(2026, 1, 1));
    EXPECT_EQ(s.months, 36);
    EXPECT_EQ(s.seed, 20261126u);
    EXPECT_EQ(s.replications, 1);
    EXPECT_EQ(s.catalog_file, path_of("catalog.csv"));
    EXPECT_EQ(s.source, PopulationSource::generated);
    EXPECT_EQ(s.partners, 10000);
    EXPECT_EQ(s.offer_mix,
              "action_pack:0.4, success_core:0.35, success_expanded:0.1, legacy_gold:0.05, solutions_security:0.1");
    EXPECT_EQ(s.partners_file, path_of("partners.csv"));
    EXPECT_EQ(s.users_file, path_of("users.csv"));
    EXPECT_EQ(s.actions_file, path_of("actions.csv"));
    EXPECT_EQ(s.usage_file, path_of("usage.csv"));
    const Policy defaults;
    EXPECT_EQ(s.policy.flow, Flow::legacy);
    EXPECT_EQ(s.policy.period, PeriodKind::anniversary);
    EXPECT_FALSE(s.policy.prorate_first_period);
    EXPECT_EQ(s.policy.validity_months, 13);
    EXPECT_EQ(s.policy.carry_forward, ExactDecimal());
    EXPECT_EQ(s.policy.burn_order, BurnOrder::earliest_end_first);
    EXPECT_EQ(s.policy.max_reassignments, 5);
    EXPECT_FALSE(s.policy.bulk_reassignable);
    EXPECT_EQ(s.policy.max_bulk_per_user, 1);
    EXPECT_TRUE(s.policy.block_free_hosted);
    EXPECT_EQ(s.policy.free_hosted_domains, defaults.free_hosted_domains);
    EXPECT_EQ(s.policy.activation_window_days, 365);
    EXPECT_EQ(s.policy.notice_days, 5);
    EXPECT_EQ(s.policy.retention_days, 90);
    EXPECT_TRUE(s.write_ledger) << "auto: 10000 generated partners x 1 replication";
    EXPECT_TRUE(s.write_billing);
    EXPECT_TRUE(s.write_events);
    EXPECT_FALSE(s.write_population);
    expect_same_behavior(s.behavior, Behavior());
    EXPECT_EQ(s.end_day(), Date::from_ymd(2029, 1, 1));
}

TEST_F(ScenarioTest, ResolvedListsEveryKeyButBaseInDeclarationOrder) {
    const std::string path = write("sub/run1.ini", "[policy]\ncarry_forward = 0.250\nflow = billing_profile\n");
    const Scenario s = load_scenario(path);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"run.name", "run1"},
        {"run.start", "2026-01-01"},
        {"run.months", "36"},
        {"run.seed", "20261126"},
        {"run.replications", "1"},
        {"run.currency", "USD"},
        {"catalog.file", path_of("sub/catalog.csv")},
        {"population.source", "generated"},
        {"population.partners", "10000"},
        {"population.offer_mix",
         "action_pack:0.4, success_core:0.35, success_expanded:0.1, legacy_gold:0.05, solutions_security:0.1"},
        {"population.partners_file", path_of("sub/partners.csv")},
        {"population.users_file", path_of("sub/users.csv")},
        {"population.actions_file", path_of("sub/actions.csv")},
        {"population.usage_file", path_of("sub/usage.csv")},
        {"behavior.join_window_months", "12"},
        {"behavior.renewal_probability", "0.8"},
        {"behavior.users_mean", "3"},
        {"behavior.free_hosted_share", "0.1"},
        {"behavior.assign_delay_mean_days", "14"},
        {"behavior.redeem_delay_mean_days", "10"},
        {"behavior.never_assigned_share", "0.05"},
        {"behavior.never_redeemed_share", "0.05"},
        {"behavior.reassignments_per_year", "0.5"},
        {"behavior.usage_intensity_median", "0.8"},
        {"behavior.usage_intensity_sigma", "0.7"},
        {"behavior.idle_share", "0.15"},
        {"behavior.idle_intensity", "0.02"},
        {"behavior.monthly_growth", "0.02"},
        {"behavior.weekday_factors", "1.15, 1.15, 1.15, 1.15, 1.1, 0.7, 0.6"},
        {"behavior.daily_noise_sigma", "0.35"},
        {"behavior.ineligible_share", "0.05"},
        {"behavior.migration_ramp_days", "14"},
        {"behavior.limit_removal_probability", "0.3"},
        {"behavior.limit_removal_delay_mean_days", "3"},
        {"behavior.limit_period_only_share", "0.5"},
        {"behavior.conversion_probability", "0.4"},
        {"behavior.conversion_lead_days_mean", "12"},
        {"behavior.late_convert_share", "0.25"},
        {"behavior.late_convert_delay_mean_days", "40"},
        {"policy.flow", "billing_profile"},
        {"policy.period", "anniversary"},
        {"policy.prorate_first_period", "false"},
        {"policy.validity_months", "13"},
        {"policy.carry_forward", "0.250"},
        {"policy.burn_order", "earliest_end_first"},
        {"policy.max_reassignments", "5"},
        {"policy.bulk_reassignable", "false"},
        {"policy.max_bulk_per_user", "1"},
        {"policy.block_free_hosted", "true"},
        {"policy.free_hosted_domains",
         "gmail.com, outlook.com, hotmail.com, live.com, yahoo.com, icloud.com, aol.com, msn.com, proton.me"},
        {"policy.activation_window_days", "365"},
        {"policy.notice_days", "5"},
        {"policy.retention_days", "90"},
        {"output.ledger", "true"},
        {"output.billing", "true"},
        {"output.events", "true"},
        {"output.population", "false"},
    };
    EXPECT_EQ(s.resolved, expected) << "auto is resolved: 10000 partners x 1 replication is small";
}

TEST_F(ScenarioTest, ResolvedWrittenBackAsIniReproducesTheRun) {
    const std::string first_path = write("a/first.ini",
                                         "[run]\nmonths = 12\nseed = 5\n[policy]\nperiod = calendar\n"
                                         "free_hosted_domains = Example.COM\n[catalog]\nfile = ../c.csv\n");
    const Scenario first = load_scenario(first_path);
    const Scenario second = load_scenario(write_resolved("elsewhere/resolved.ini", first));
    EXPECT_EQ(second.resolved, first.resolved);
}

struct EnumRow {
    std::string line;  // under its section header
    std::function<bool(const Scenario&)> holds;
    std::string reason;
};

TEST_F(ScenarioTest, EveryEnumValueParses) {
    const std::vector<EnumRow> rows = {
        {"[population]\nsource = generated", [](const Scenario& s) { return s.source == PopulationSource::generated; },
         "the default source, written out"},
        {"[population]\nsource = files", [](const Scenario& s) { return s.source == PopulationSource::files; },
         "replay"},
        {"[policy]\nflow = legacy", [](const Scenario& s) { return s.policy.flow == Flow::legacy; }, "default flow"},
        {"[policy]\nflow = billing_profile",
         [](const Scenario& s) { return s.policy.flow == Flow::billing_profile; }, "pooled credits"},
        {"[policy]\nperiod = anniversary",
         [](const Scenario& s) { return s.policy.period == PeriodKind::anniversary; }, "default periods"},
        {"[policy]\nperiod = calendar", [](const Scenario& s) { return s.policy.period == PeriodKind::calendar; },
         "calendar months"},
        {"[policy]\nburn_order = earliest_end_first",
         [](const Scenario& s) { return s.policy.burn_order == BurnOrder::earliest_end_first; }, "default order"},
        {"[policy]\nburn_order = largest_balance_first",
         [](const Scenario& s) { return s.policy.burn_order == BurnOrder::largest_balance_first; },
         "largest first"},
        {"[policy]\nburn_order = monthly_first",
         [](const Scenario& s) { return s.policy.burn_order == BurnOrder::monthly_first; }, "monthly first"},
    };
    for (const auto& row : rows) {
        const Scenario s = load_scenario(write("enum.ini", row.line + "\n"));
        EXPECT_TRUE(row.holds(s)) << row.line << " — " << row.reason;
    }
}

struct ValueRow {
    std::string text;      // the file's content
    std::string key;       // resolved key to check
    std::string expected;  // its resolved text
    std::string reason;
};

TEST_F(ScenarioTest, ValuesAreNormalisedInResolved) {
    const std::vector<ValueRow> rows = {
        {"[run]\nmonths = 007\n", "run.months", "7", "leading zeros are still a whole number"},
        {"[run]\nseed = 18446744073709551615\n", "run.seed", "18446744073709551615", "the largest seed"},
        {"[run]\nstart = 2028-02-29\n", "run.start", "2028-02-29", "a leap day"},
        {"[policy]\nprorate_first_period = TRUE\n", "policy.prorate_first_period", "true",
         "booleans in any case, written lower-case"},
        {"[output]\nevents = False\n", "output.events", "false", "false in any case"},
        {"[policy]\nfree_hosted_domains = Gmail.COM ,  example.org,\n", "policy.free_hosted_domains",
         "gmail.com, example.org", "domains are trimmed and lower-cased; a trailing comma is harmless"},
        {"[policy]\nfree_hosted_domains =\n", "policy.free_hosted_domains", "", "an empty list blocks no domain"},
        {"[policy]\ncarry_forward = 1\n", "policy.carry_forward", "1", "the upper bound is allowed"},
        {"[policy]\nmax_reassignments = 0\n", "policy.max_reassignments", "0", "zero reassignments is a policy"},
        {"[run]\nname = what if\n", "run.name", "what if", "a name keeps its inner spaces"},
        {"[catalog]\nfile = /abs/cat.csv\n", "catalog.file", "/abs/cat.csv", "absolute paths stay as they are"},
        {"[catalog]\nfile = ./x/../cat.csv\n", "catalog.file", "<dir>/cat.csv", "relative paths are normalised"},
    };
    for (const auto& row : rows) {
        const Scenario s = load_scenario(write("values.ini", row.text));
        std::string expected = row.expected;
        if (expected.rfind("<dir>/", 0) == 0) expected = path_of(expected.substr(6));
        EXPECT_EQ(resolved_value(s, row.key), expected) << row.text << " — " << row.reason;
    }
}

TEST_F(ScenarioTest, TypedValuesReachTheScenario) {
    const Scenario s = load_scenario(write("typed.ini",
                                           "[run]\nname = trial\nstart = 2027-03-31\nmonths = 2\nseed = 42\n"
                                           "replications = 30\n[population]\npartners = 12\n"
                                           "offer_mix = action_pack:1\n[policy]\ncarry_forward = 0.25\n"
                                           "validity_months = 12\nbulk_reassignable = true\nmax_bulk_per_user = 2\n"
                                           "block_free_hosted = false\nfree_hosted_domains = a.com, B.org\n"
                                           "activation_window_days = 30\nnotice_days = 0\nretention_days = 7\n"
                                           "prorate_first_period = true\nmax_reassignments = 3\n"
                                           "[output]\nledger = false\nbilling = false\n"));
    EXPECT_EQ(s.name, "trial");
    EXPECT_EQ(s.start, Date::from_ymd(2027, 3, 31));
    EXPECT_EQ(s.end_day(), Date::from_ymd(2027, 5, 31));
    EXPECT_EQ(s.seed, 42u);
    EXPECT_EQ(s.replications, 30);
    EXPECT_EQ(s.partners, 12);
    EXPECT_EQ(s.offer_mix, "action_pack:1");
    // 0.25 exactly, in units of 1e-18: never through a double.
    EXPECT_EQ(s.policy.carry_forward, ExactDecimal::from_units(__int128(250'000'000'000'000'000)));
    EXPECT_EQ(s.policy.carry_forward.times_rounded(Money::from_cents(1001)), Money::from_cents(250));
    EXPECT_EQ(s.policy.validity_months, 12);
    EXPECT_TRUE(s.policy.bulk_reassignable);
    EXPECT_EQ(s.policy.max_bulk_per_user, 2);
    EXPECT_FALSE(s.policy.block_free_hosted);
    EXPECT_EQ(s.policy.free_hosted_domains, (std::vector<std::string>{"a.com", "b.org"}));
    EXPECT_EQ(s.policy.activation_window_days, 30);
    EXPECT_EQ(s.policy.notice_days, 0);
    EXPECT_EQ(s.policy.retention_days, 7);
    EXPECT_TRUE(s.policy.prorate_first_period);
    EXPECT_EQ(s.policy.max_reassignments, 3);
    EXPECT_FALSE(s.write_ledger);
    EXPECT_FALSE(s.write_billing);
    EXPECT_TRUE(s.write_events);
}

TEST_F(ScenarioTest, CommentsAndLayoutAreTolerated) {
    const std::string path = write("comments.ini",
                                   "\xEF\xBB\xBF; a scenario with every comment style\r\n"
                                   "# hash comment line\r\n"
                                   "  [ population ]   ; spaces inside the brackets\r\n"
                                   "source = files   ; replay\r\n"
                                   "\tpartners=12# hash right after the value\r\n"
                                   "[policy]\r\n"
                                   "period = calendar;no space before the comment\r\n");
    const Scenario s = load_scenario(path);
    EXPECT_EQ(s.source, PopulationSource::files) << "inline ; comment stripped";
    EXPECT_EQ(s.partners, 12) << "inline # comment stripped, tab indent";
    EXPECT_EQ(s.policy.period, PeriodKind::calendar) << "comment without a space";
}

TEST_F(ScenarioTest, BaseInheritanceDerivedWinsAndPathsFollowTheNamingFile) {
    write("bases/base.ini",
          "[run]\nname = baseline\nmonths = 24\nseed = 7\n[catalog]\nfile = cat.csv\n"
          "[population]\npartners_file = p.csv\nusers_file = base_users.csv\n");
    const std::string derived = write("scenarios/derived.ini",
                                      "[run]\nbase = ../bases/base.ini   ; inherit\nmonths = 12\n"
                                      "[population]\nusers_file = u.csv\n");
    const Scenario s = load_scenario(derived);
    EXPECT_EQ(s.months, 12) << "the derived file wins";
    EXPECT_EQ(s.seed, 7u) << "a base-only key is kept";
    EXPECT_EQ(s.name, "baseline") << "the name is inherited like any key";
    EXPECT_EQ(s.catalog_file, path_of("bases/cat.csv")) << "relative to the base that names it";
    EXPECT_EQ(s.partners_file, path_of("bases/p.csv")) << "relative to the base that names it";
    EXPECT_EQ(s.users_file, path_of("scenarios/u.csv")) << "relative to the derived file that names it";
    EXPECT_EQ(s.actions_file, path_of("scenarios/actions.csv")) << "unset: relative to the command-line file";
    EXPECT_EQ(resolved_value(s, "run.base"), "<absent>") << "base is not in the resolved list";
}

TEST_F(ScenarioTest, BaseChainsOfThreeOverrideInOrder) {
    write("grand.ini", "[run]\nmonths = 1\nseed = 1\nreplications = 1\n");
    write("mid/base.ini", "[run]\nbase = ../grand.ini\nmonths = 2\nseed = 2\n");
    const Scenario s = load_scenario(write("mid/top/derived.ini", "[run]\nbase = ../base.ini\nmonths = 3\n"));
    EXPECT_EQ(s.months, 3) << "the named file wins over both bases";
    EXPECT_EQ(s.seed, 2u) << "the nearer base wins over the farther one";
    EXPECT_EQ(s.replications, 1) << "the farthest base still counts";
    EXPECT_EQ(s.name, "derived");
}

TEST_F(ScenarioTest, NameDefaultsToTheCommandLineFileStemEvenWithABase) {
    write("base.ini", "[run]\nmonths = 2\n");
    const Scenario s = load_scenario(write("what_if.ini", "[run]\nbase = base.ini\n"));
    EXPECT_EQ(s.name, "what_if");
}

TEST_F(ScenarioTest, BaseCycleIsAnError) {
    const std::string a = write("a.ini", "[run]\nbase = b.ini\n");
    const std::string b = write("b.ini", "[policy]\nflow = legacy\n[run]\nbase = a.ini\n");
    EXPECT_EQ(error_of(a), b + ":4: key 'run.base': the base files form a cycle: " + a + " -> " + b + " -> " + a);
    const std::string self = write("self.ini", "[run]\nbase = ./self.ini\n");
    EXPECT_EQ(error_of(self), self + ":2: key 'run.base': the base files form a cycle: " + self + " -> " + self);
}

TEST_F(ScenarioTest, MissingBaseNamesTheFileAndTheLineThatNamedIt) {
    const std::string path = write("s/derived.ini", "; first line\n[run]\nbase = ../nowhere/base.ini\n");
    EXPECT_EQ(error_of(path),
              path + ":3: key 'run.base': base file \"" + path_of("nowhere/base.ini") + "\" not found");
    const std::string empty = write("empty_base.ini", "[run]\nbase =\n");
    EXPECT_EQ(error_of(empty), empty + ":2: key 'run.base': expected a file path; got \"\"");
}

TEST_F(ScenarioTest, MissingOrUnreadableScenarioFile) {
    EXPECT_EQ(error_of(path_of("absent.ini")), path_of("absent.ini") + ": scenario file not found");
    fs::create_directories(dir_ / "folder.ini");
    EXPECT_EQ(error_of(path_of("folder.ini")), path_of("folder.ini") + ": scenario file is a directory");
    EXPECT_EQ(error_of(""), "expected a scenario file; got an empty path");
}

TEST_F(ScenarioTest, AnEndlessOrHugeScenarioFileIsRefusedNotReadForever) {
    // /dev/zero has no end and no size to check first: it must not hang the reader.
    EXPECT_EQ(error_of("/dev/zero"),
              "/dev/zero: scenario file is longer than 1 MiB: a scenario file is a few [section] and key = value lines");
    const std::string derived = write("zero_base.ini", "[run]\nbase = /dev/zero\n");
    EXPECT_EQ(error_of(derived), derived + ":2: key 'run.base': base file \"/dev/zero\" is longer than 1 MiB: a "
                                           "scenario file is a few [section] and key = value lines");
    // Just under the limit is read (a comment line of nearly 1 MiB).
    const std::string big = write("big.ini", "; " + std::string((1 << 20) - 40, 'x') + "\n[run]\nmonths = 3\n");
    EXPECT_EQ(load_scenario(big).months, 3);
}

TEST_F(ScenarioTest, RelativeCommandLinePathsAreNamedAsGiven) {
    write("runs/base.ini", "[run]\nmonths = x\n");
    write("runs/derived.ini", "[run]\nbase = base.ini\n");
    fs::current_path(dir_);
    EXPECT_EQ(error_of("runs/derived.ini"),
              "runs/base.ini:2: key 'run.months': expected a whole number from 1 to 1200; got \"x\"")
        << "a base is named relative to the directory the user is in";
    write("runs/ok.ini", "");
    EXPECT_EQ(load_scenario("runs/ok.ini").catalog_file, path_of("runs/catalog.csv"));
}

struct ErrorRow {
    std::string text;      // the file's content
    std::string expected;  // the message after "file:"
    std::string reason;
};

TEST_F(ScenarioTest, BadValuesNameFileLineKeyAndExpectation) {
    const std::vector<ErrorRow> rows = {
        {"[run]\nmonths = 0\n", "2: key 'run.months': expected a whole number from 1 to 1200; got \"0\"",
         "months has a lower bound"},
        {"[run]\nmonths = 5000\n", "2: key 'run.months': expected a whole number from 1 to 1200; got \"5000\"",
         "and an upper one"},
        {"[run]\nreplications = 0\n", "2: key 'run.replications': expected a whole number from 1 to 65536; got \"0\"",
         "the example message of the brief"},
        {"[run]\nreplications = 1.5\n", "2: key 'run.replications': expected a whole number from 1 to 65536; got \"1.5\"",
         "no fractions"},
        {"[run]\nreplications = +3\n", "2: key 'run.replications': expected a whole number from 1 to 65536; got \"+3\"",
         "no sign"},
        {"[run]\nreplications = 3000000000\n",
         "2: key 'run.replications': expected a whole number from 1 to 65536; got \"3000000000\"",
         "too large for the field"},
        {"[population]\npartners = 99999999999999999999\n",
         "2: key 'population.partners': expected a whole number from 1 to 999999999; "
         "got \"99999999999999999999\"",
         "beyond int64"},
        {"[policy]\nmax_reassignments = -1\n",
         "2: key 'policy.max_reassignments': expected a whole number from 0 to 1000000; got \"-1\"", "no negative counts"},
        {"[policy]\nnotice_days =\n", "2: key 'policy.notice_days': expected a whole number from 0 to 36500; got \"\"",
         "an empty value is not zero"},
        {"[run]\nseed = -1\n", "2: key 'run.seed': expected a whole number from 0 to 18446744073709551615; got \"-1\"",
         "no wrap-around to a huge seed"},
        {"[run]\nseed = 18446744073709551616\n",
         "2: key 'run.seed': expected a whole number from 0 to 18446744073709551615; got \"18446744073709551616\"",
         "beyond uint64"},
        {"[run]\nstart = 2026-02-30\n", "2: key 'run.start': expected a date YYYY-MM-DD; got \"2026-02-30\"",
         "a day that does not exist"},
        {"[run]\nstart = 2026-2-3\n", "2: key 'run.start': expected a date YYYY-MM-DD; got \"2026-2-3\"",
         "unpadded month and day"},
        {"[policy]\nprorate_first_period = yes\n",
         "2: key 'policy.prorate_first_period': expected true or false; got \"yes\"", "only true and false"},
        {"[output]\nledger = 1\n", "2: key 'output.ledger': expected auto, true or false; got \"1\"",
         "no numeric bools"},
        {"[output]\npopulation = auto\n", "2: key 'output.population': expected true or false; got \"auto\"",
         "population.csv has no auto: it is only written when asked for"},
        {"[policy]\nperiod = monthly\n", "2: key 'policy.period': expected one of anniversary, calendar; got \"monthly\"",
         "the example message of the brief"},
        {"[policy]\nflow = Legacy\n", "2: key 'policy.flow': expected one of legacy, billing_profile; got \"Legacy\"",
         "choices are case-sensitive"},
        {"[policy]\nburn_order = random\n",
         "2: key 'policy.burn_order': expected one of earliest_end_first, largest_balance_first, monthly_first; "
         "got \"random\"",
         "every choice is listed"},
        {"[population]\nsource = file\n", "2: key 'population.source': expected one of generated, files; got \"file\"",
         "near miss"},
        {"[policy]\ncarry_forward = 1.5\n",
         "2: key 'policy.carry_forward': expected a plain decimal from 0 to 1 (like 0.25); got \"1.5\"",
         "above 1"},
        {"[policy]\ncarry_forward = 1.000000000000000001\n",
         "2: key 'policy.carry_forward': expected a plain decimal from 0 to 1 (like 0.25); "
         "got \"1.000000000000000001\"",
         "above 1 by the smallest step: exact, not rounded"},
        {"[policy]\ncarry_forward = -0.5\n",
         "2: key 'policy.carry_forward': expected a plain decimal from 0 to 1 (like 0.25); got \"-0.5\"",
         "a minus sign"},
        {"[policy]\ncarry_forward = +0.5\n",
         "2: key 'policy.carry_forward': expected a plain decimal from 0 to 1 (like 0.25); got \"+0.5\"",
         "a plus sign"},
        {"[policy]\ncarry_forward = 5e-1\n",
         "2: key 'policy.carry_forward': expected a plain decimal from 0 to 1 (like 0.25); got \"5e-1\"",
         "no exponent"},
        {"[policy]\nfree_hosted_domains = gmail.com, user@gmail.com\n",
         "2: key 'policy.free_hosted_domains': expected comma-separated e-mail domains like gmail.com; "
         "got \"user@gmail.com\"",
         "an address is not a domain"},
        {"[run]\nname =\n", "2: key 'run.name': expected a non-empty value; got \"\"", "an empty name"},
        {"[catalog]\nfile =\n", "2: key 'catalog.file': expected a file path; got \"\"", "an empty path"},
    };
    for (const auto& row : rows) {
        const std::string path = write("bad.ini", row.text);
        EXPECT_EQ(error_of(path), path + ":" + row.expected) << row.reason;
    }
}

TEST_F(ScenarioTest, UnknownKeysAndSectionsSuggestTheClosestName) {
    const std::vector<ErrorRow> rows = {
        {"[policy]\nvalidty_months = 12\n",
         "2: key 'policy.validty_months': unknown key; did you mean 'policy.validity_months'?", "a typo"},
        {"[run]\nperiod = calendar\n", "2: key 'run.period': unknown key; did you mean 'policy.period'?",
         "a right key in the wrong section"},
        {"[Policy]\nflow = legacy\n", "1: section '[Policy]': unknown section; did you mean '[policy]'?",
         "sections are case-sensitive; keys under an unknown section are not reported again"},
        {"[polcy]\nperiod = monthly\n", "1: section '[polcy]': unknown section; did you mean '[policy]'?",
         "values under an unknown section are not checked"},
        {"[misc]\nx = 1\n",
         "1: section '[misc]': unknown section; expected one of [run], [catalog], [population], [behavior], [policy], "
         "[output]",
         "nothing near: list the sections"},
        {"[output]\ncolour = red\n",
         "2: key 'output.colour': unknown key; [output] has ledger, billing, events, population",
         "nothing near: list the section's keys"},
        {"months = 12\n", "1: key 'months': key outside any [section]; did you mean 'run.months'?",
         "a key before any header"},
        {"[run]\nmonths = 12\nmonths = 13\n", "3: key 'run.months': set twice in this file (first on line 2)",
         "a duplicate is a mistake, not an override"},
        {"[run]\nmonths 12\n", "2: expected \"[section]\" or \"key = value\"; got \"months 12\"", "no '='"},
        {"[run\n", "1: expected \"[section]\" or \"key = value\"; got \"[run\"", "unclosed header"},
        {"[]\n", "1: expected \"[section]\" or \"key = value\"; got \"[]\"", "empty header"},
        {"[run]\n= 12\n", "2: expected \"[section]\" or \"key = value\"; got \"= 12\"", "no key"},
    };
    for (const auto& row : rows) {
        const std::string path = write("unknown.ini", row.text);
        EXPECT_EQ(error_of(path), path + ":" + row.expected) << row.reason;
    }
}

TEST_F(ScenarioTest, EveryProblemOfEveryFileIsReportedTogether) {
    const std::string base = write("base.ini", "[run]\nmonths = 0\n");
    const std::string path = write("many.ini",
                                   "[run]\nbase = base.ini\nmonths = 12 ; overrides the bad base value\n"
                                   "start = 2026-13-01\n[polcy]\nflow = x\n[policy]\nperiod = monthly\n"
                                   "carry_forward = 2\nvalidity_months = 0\n[output]\nledger = maybe\n");
    try {
        load_scenario(path, {"run.seed=abc"});
        FAIL() << "expected an InputError";
    } catch (const InputError& error) {
        ASSERT_EQ(error.problems().size(), 8u) << error.what();
        EXPECT_EQ(std::string(error.what()),
                  path + ":5: section '[polcy]': unknown section; did you mean '[policy]'?\n" +
                      base + ":2: key 'run.months': expected a whole number from 1 to 1200; got \"0\"\n" +
                      path + ":4: key 'run.start': expected a date YYYY-MM-DD; got \"2026-13-01\"\n" +
                      path + ":8: key 'policy.period': expected one of anniversary, calendar; got \"monthly\"\n" +
                      path + ":9: key 'policy.carry_forward': expected a plain decimal from 0 to 1 (like 0.25); "
                             "got \"2\"\n" +
                      path + ":10: key 'policy.validity_months': expected a whole number from 1 to 1200; got \"0\"\n" +
                      path + ":12: key 'output.ledger': expected auto, true or false; got \"maybe\"\n" +
                      "--set 'run.seed=abc': expected a whole number from 0 to 18446744073709551615; got \"abc\"");
        EXPECT_EQ(error.problems()[1].file, base);
        EXPECT_EQ(error.problems()[1].line, 2);
        EXPECT_EQ(error.problems()[1].where, "key 'run.months'");
    }
}

TEST_F(ScenarioTest, OverridesApplyLastAndTheirPathsFollowTheCurrentDirectory) {
    write("base.ini", "[run]\nseed = 1\n");
    const std::string path = write("scenarios/s.ini", "[run]\nbase = ../base.ini\nmonths = 12\n[catalog]\nfile = c.csv\n");
    fs::create_directories(dir_ / "cwd");
    fs::current_path(dir_ / "cwd");
    const Scenario s = load_scenario(path, {"run.months=24", " run.seed = 9 ", "catalog.file=mine.csv",
                                            "policy.period=calendar", "policy.period=anniversary"});
    EXPECT_EQ(s.months, 24) << "an override beats the file";
    EXPECT_EQ(s.seed, 9u) << "an override beats a base; blanks around it are trimmed";
    EXPECT_EQ(s.catalog_file, path_of("cwd/mine.csv")) << "an override's path is relative to the current directory";
    EXPECT_EQ(s.policy.period, PeriodKind::anniversary) << "the last override of a key wins";
    EXPECT_EQ(resolved_value(s, "catalog.file"), path_of("cwd/mine.csv"));
}

TEST_F(ScenarioTest, MalformedOverridesAreNamed) {
    const std::string path = write("ok.ini", "");
    const std::vector<ErrorRow> rows = {
        {"run.months", "--set 'run.months': expected section.key=value; got no '='", "no '='"},
        {"months=3", "--set 'months=3': expected section.key=value; got no section; did you mean 'run.months'?",
         "no section"},
        {"polcy.flow=legacy", "--set 'polcy.flow=legacy': unknown key 'polcy.flow'; did you mean 'policy.flow'?",
         "unknown key"},
        {"policy.period=monthly",
         "--set 'policy.period=monthly': expected one of anniversary, calendar; got \"monthly\"", "bad value"},
        {"run.base=other.ini",
         "--set 'run.base=other.ini': run.base cannot be overridden: inheritance is read from the scenario files",
         "a base cannot come from the command line"},
    };
    for (const auto& row : rows) EXPECT_EQ(error_of(path, {row.text}), row.expected) << row.reason;
}

TEST_F(ScenarioTest, BoostNeverSpeaksToTheUser) {
    // Lines Boost's own parser would refuse or misread are reported by us, with a line.
    const std::string path = write("odd.ini", "[run]\n[ ]\nmonths\n=\n");
    const std::string error = error_of(path);
    EXPECT_EQ(error, path + ":2: expected \"[section]\" or \"key = value\"; got \"[ ]\"\n" + path +
                         ":3: expected \"[section]\" or \"key = value\"; got \"months\"\n" + path +
                         ":4: expected \"[section]\" or \"key = value\"; got \"=\"");
}

// [behavior] (SPEC 7): one key per field of sim/inputs/behavior.hpp, its comment as the meaning.
TEST(ScenarioBehaviorKeys, AreExactlyTheFieldsOfBehaviorWithTheirComments) {
    std::ifstream header(std::string(CREDITSIM_SOURCE_DIR) + "/sim/inputs/behavior.hpp");
    ASSERT_TRUE(header) << "sim/inputs/behavior.hpp";
    // "    double renewal_probability = 0.8;  ///< chance to renew at each anniversary"
    const std::regex field_line(R"(^\s*(?:int|double|std::array<double, 7>)\s+(\w+)\s*=[^;]*;\s*///<\s*(.*?)\s*$)");
    std::set<std::string> fields;
    std::string line;
    while (std::getline(header, line)) {
        std::smatch match;
        if (!std::regex_match(line, match, field_line)) continue;
        const std::string key = "behavior." + match[1].str();
        fields.insert(key);
        const detail::KeyRow* row = detail::find_key(key);
        ASSERT_NE(row, nullptr) << key << " is declared";
        EXPECT_EQ(std::string(row->meaning), match[2].str()) << key << ": the comment is the meaning";
    }
    std::set<std::string> keys;
    for (const auto& row : detail::scenario_keys())
        if (std::string_view(row.section) == "behavior") keys.insert(row.full_name());
    EXPECT_EQ(fields.size(), 25u) << "every field of Behavior was read from the header";
    EXPECT_EQ(keys, fields) << "no key without a field, no field without a key";
}

struct BehaviorRow {
    std::string key;  // under [behavior]
    std::string raw;  // a value other than the default
    std::function<std::vector<double>(const Behavior&)> field;
    std::vector<double> expected;
    std::string reason;
};

TEST_F(ScenarioTest, EveryBehaviorKeyReachesItsField) {
    using V = std::vector<double>;
    const std::vector<BehaviorRow> rows = {
        {"join_window_months", "6", [](const Behavior& b) { return V{double(b.join_window_months)}; }, {6},
         "a count of months"},
        {"renewal_probability", "0.95", [](const Behavior& b) { return V{b.renewal_probability}; }, {0.95},
         "a probability"},
        {"users_mean", "1", [](const Behavior& b) { return V{b.users_mean}; }, {1}, "one user each: the lower bound"},
        {"free_hosted_share", "0", [](const Behavior& b) { return V{b.free_hosted_share}; }, {0},
         "a share at its lower bound"},
        {"assign_delay_mean_days", "0", [](const Behavior& b) { return V{b.assign_delay_mean_days}; }, {0},
         "a mean of zero: assigned at once"},
        {"redeem_delay_mean_days", "2.5", [](const Behavior& b) { return V{b.redeem_delay_mean_days}; }, {2.5},
         "a fractional mean"},
        {"never_assigned_share", "1", [](const Behavior& b) { return V{b.never_assigned_share}; }, {1},
         "a share at its upper bound"},
        {"never_redeemed_share", "0.125", [](const Behavior& b) { return V{b.never_redeemed_share}; }, {0.125},
         "a share"},
        {"reassignments_per_year", "1e-3", [](const Behavior& b) { return V{b.reassignments_per_year}; }, {0.001},
         "an exponent is a real too"},
        {"usage_intensity_median", "1.25", [](const Behavior& b) { return V{b.usage_intensity_median}; }, {1.25},
         "a median"},
        {"usage_intensity_sigma", "0", [](const Behavior& b) { return V{b.usage_intensity_sigma}; }, {0},
         "no spread across partners"},
        {"idle_share", "0.2", [](const Behavior& b) { return V{b.idle_share}; }, {0.2}, "a share"},
        {"idle_intensity", "0.5", [](const Behavior& b) { return V{b.idle_intensity}; }, {0.5}, "an intensity"},
        {"monthly_growth", "-0.5", [](const Behavior& b) { return V{b.monthly_growth}; }, {-0.5},
         "shrinking usage, at the lower bound"},
        {"weekday_factors", "1, 1, 1, 1, 1, 0, 0.5",
         [](const Behavior& b) { return V(b.weekday_factors.begin(), b.weekday_factors.end()); },
         {1, 1, 1, 1, 1, 0, 0.5}, "Monday..Sunday in order; a zero day is allowed"},
        {"daily_noise_sigma", "0.1", [](const Behavior& b) { return V{b.daily_noise_sigma}; }, {0.1}, "a sigma"},
        {"ineligible_share", "0.33", [](const Behavior& b) { return V{b.ineligible_share}; }, {0.33}, "a share"},
        {"migration_ramp_days", "0", [](const Behavior& b) { return V{double(b.migration_ramp_days)}; }, {0},
         "no ramp: a count may be zero"},
        {"limit_removal_probability", "0.6", [](const Behavior& b) { return V{b.limit_removal_probability}; },
         {0.6}, "a probability"},
        {"limit_removal_delay_mean_days", "7",
         [](const Behavior& b) { return V{b.limit_removal_delay_mean_days}; }, {7}, "a mean"},
        {"limit_period_only_share", "0.75", [](const Behavior& b) { return V{b.limit_period_only_share}; }, {0.75},
         "a share"},
        {"conversion_probability", "0.01", [](const Behavior& b) { return V{b.conversion_probability}; }, {0.01},
         "a probability"},
        {"conversion_lead_days_mean", "30", [](const Behavior& b) { return V{b.conversion_lead_days_mean}; }, {30},
         "a mean"},
        {"late_convert_share", "0.9", [](const Behavior& b) { return V{b.late_convert_share}; }, {0.9}, "a share"},
        {"late_convert_delay_mean_days", "100",
         [](const Behavior& b) { return V{b.late_convert_delay_mean_days}; }, {100}, "a mean"},
    };
    std::set<std::string> covered;
    for (const auto& row : rows) {
        SCOPED_TRACE(row.key + " = " + row.raw + " — " + row.reason);
        covered.insert("behavior." + row.key);
        const Scenario s = load_scenario(write("behavior.ini", "[behavior]\n" + row.key + " = " + row.raw + "\n"));
        EXPECT_EQ(row.field(s.behavior), row.expected);
        EXPECT_NE(row.field(Behavior()), row.expected) << "the value differs from the default";
        // The same through --set.
        const Scenario set = load_scenario(write("empty.ini", ""), {"behavior." + row.key + "=" + row.raw});
        EXPECT_EQ(row.field(set.behavior), row.expected);
    }
    std::set<std::string> keys;
    for (const auto& row : detail::scenario_keys())
        if (std::string_view(row.section) == "behavior") keys.insert(row.full_name());
    EXPECT_EQ(covered, keys) << "one row per [behavior] key";
}

TEST_F(ScenarioTest, BehaviorRealsAreWrittenInTheirShortestExactForm) {
    const std::vector<ValueRow> rows = {
        {"renewal_probability = 0.50", "behavior.renewal_probability", "0.5", "trailing zeros dropped"},
        {"assign_delay_mean_days = 14.0", "behavior.assign_delay_mean_days", "14", "a whole real"},
        {"reassignments_per_year = 1E-7", "behavior.reassignments_per_year", "1e-07", "exponent form when shorter"},
        {"late_convert_delay_mean_days = 30000", "behavior.late_convert_delay_mean_days", "30000",
         "large values in fixed form when it is not longer"},
        {"renewal_probability = 0.123456789012345678", "behavior.renewal_probability", "0.12345678901234568",
         "more digits than a double holds: the double's own shortest text"},
        {"renewal_probability = 0.30000000000000004", "behavior.renewal_probability", "0.30000000000000004",
         "0.1 + 0.2 stays distinct from 0.3"},
        {"monthly_growth = -0", "behavior.monthly_growth", "0", "minus zero is zero"},
        {"monthly_growth = 1", "behavior.monthly_growth", "1", "the upper bound of growth"},
        {"weekday_factors = 1,2 ,  3,4.50,5,6,7", "behavior.weekday_factors", "1, 2, 3, 4.5, 5, 6, 7",
         "a list is trimmed and written like its default"},
        {"join_window_months = 007", "behavior.join_window_months", "7", "counts are whole numbers"},
    };
    for (const auto& row : rows) {
        const Scenario s = load_scenario(write("values.ini", "[behavior]\n" + row.text + "\n"));
        EXPECT_EQ(resolved_value(s, row.key), row.expected) << row.text << " — " << row.reason;
    }
}

TEST_F(ScenarioTest, BehaviorValuesAreRangeChecked) {
    const std::vector<ErrorRow> rows = {
        {"renewal_probability = 1.5",
         "2: key 'behavior.renewal_probability': expected a real number from 0 to 1; got \"1.5\"",
         "a probability above 1"},
        {"idle_share = -0.1", "2: key 'behavior.idle_share': expected a real number from 0 to 1; got \"-0.1\"",
         "a share below 0"},
        {"assign_delay_mean_days = -1",
         "2: key 'behavior.assign_delay_mean_days': expected a real number from 0 to 36500; got \"-1\"", "a negative mean"},
        {"usage_intensity_sigma = -0.01",
         "2: key 'behavior.usage_intensity_sigma': expected a real number from 0 to 3; got \"-0.01\"", "a negative sigma"},
        {"weekday_factors = 1, 1, 1, 1, 1, 1",
         "2: key 'behavior.weekday_factors': expected 7 comma-separated real numbers from 0 to 1000; got 6: "
         "\"1, 1, 1, 1, 1, 1\"",
         "6 weekday factors: a day is missing"},
        {"weekday_factors = 1, 1, 1, 1, 1, 1, 1,",
         "2: key 'behavior.weekday_factors': expected 7 comma-separated real numbers from 0 to 1000; got 8: "
         "\"1, 1, 1, 1, 1, 1, 1,\"",
         "a trailing comma is an eighth, empty day"},
        {"weekday_factors = 1, 1, x, 1, 1, 1, 1",
         "2: key 'behavior.weekday_factors': expected 7 comma-separated real numbers from 0 to 1000; got \"x\"",
         "the bad item is named"},
        {"weekday_factors = 1, 1, 1, 1, 1, -1, 1",
         "2: key 'behavior.weekday_factors': expected 7 comma-separated real numbers from 0 to 1000; got \"-1\"",
         "a negative day"},
        {"weekday_factors = 1, , 1, 1, 1, 1, 1",
         "2: key 'behavior.weekday_factors': expected 7 comma-separated real numbers from 0 to 1000; got \"\"",
         "an empty day is not skipped: positions matter"},
        {"usage_intensity_sigma = wide",
         "2: key 'behavior.usage_intensity_sigma': expected a real number from 0 to 3; got \"wide\"", "a non-number"},
        {"daily_noise_sigma =", "2: key 'behavior.daily_noise_sigma': expected a real number from 0 to 3; got \"\"",
         "an empty value is not zero"},
        {"idle_intensity = 0.5x", "2: key 'behavior.idle_intensity': expected a real number from 0 to 1000; got \"0.5x\"",
         "trailing text"},
        {"idle_share = nan", "2: key 'behavior.idle_share': expected a real number from 0 to 1; got \"nan\"",
         "not a number"},
        {"redeem_delay_mean_days = inf",
         "2: key 'behavior.redeem_delay_mean_days': expected a real number from 0 to 36500; got \"inf\"", "infinity"},
        {"redeem_delay_mean_days = 1e999",
         "2: key 'behavior.redeem_delay_mean_days': expected a real number from 0 to 36500; got \"1e999\"",
         "too large for a double"},
        {"free_hosted_share = +0.5",
         "2: key 'behavior.free_hosted_share': expected a real number from 0 to 1; got \"+0.5\"", "no plus sign"},
        {"free_hosted_share = 0x1p-2",
         "2: key 'behavior.free_hosted_share': expected a real number from 0 to 1; got \"0x1p-2\"", "no hex"},
        {"monthly_growth = -0.6",
         "2: key 'behavior.monthly_growth': expected a real number from -0.5 to 1; got \"-0.6\"",
         "growth below -50% a month"},
        {"monthly_growth = 1.01",
         "2: key 'behavior.monthly_growth': expected a real number from -0.5 to 1; got \"1.01\"",
         "growth above 100% a month"},
        {"users_mean = 0.5", "2: key 'behavior.users_mean': expected a real number from 1 to 10000; got \"0.5\"",
         "every partner has at least one user: 1 + Poisson(users_mean - 1)"},
        {"join_window_months = -1", "2: key 'behavior.join_window_months': expected a whole number from 0 to 1200; got \"-1\"",
         "a negative count"},
        {"migration_ramp_days = 1.5",
         "2: key 'behavior.migration_ramp_days': expected a whole number from 0 to 36500; got \"1.5\"", "a count is whole"},
    };
    for (const auto& row : rows) {
        const std::string path = write("bad.ini", "[behavior]\n" + row.text + "\n");
        EXPECT_EQ(error_of(path), path + ":" + row.expected) << row.reason;
    }
}

// Every number key and its upper bound, written independently of the table: a key
// added without a bound, or a bound changed by accident, fails here (docs/INPUTS.md, "Bounds").
struct BoundRow {
    std::string key;
    std::string min, max;  // as the message writes them
};

const std::vector<BoundRow>& number_key_bounds() {
    static const std::vector<BoundRow> rows = {
        {"run.months", "1", "1200"},
        {"run.replications", "1", "65536"},
        {"population.partners", "1", "999999999"},
        {"behavior.join_window_months", "0", "1200"},
        {"behavior.renewal_probability", "0", "1"},
        {"behavior.users_mean", "1", "10000"},
        {"behavior.free_hosted_share", "0", "1"},
        {"behavior.assign_delay_mean_days", "0", "36500"},
        {"behavior.redeem_delay_mean_days", "0", "36500"},
        {"behavior.never_assigned_share", "0", "1"},
        {"behavior.never_redeemed_share", "0", "1"},
        {"behavior.reassignments_per_year", "0", "365"},
        {"behavior.usage_intensity_median", "0", "1000"},
        {"behavior.usage_intensity_sigma", "0", "3"},
        {"behavior.idle_share", "0", "1"},
        {"behavior.idle_intensity", "0", "1000"},
        {"behavior.monthly_growth", "-0.5", "1"},
        {"behavior.weekday_factors", "0", "1000"},
        {"behavior.daily_noise_sigma", "0", "3"},
        {"behavior.ineligible_share", "0", "1"},
        {"behavior.migration_ramp_days", "0", "36500"},
        {"behavior.limit_removal_probability", "0", "1"},
        {"behavior.limit_removal_delay_mean_days", "0", "36500"},
        {"behavior.limit_period_only_share", "0", "1"},
        {"behavior.conversion_probability", "0", "1"},
        {"behavior.conversion_lead_days_mean", "0", "36500"},
        {"behavior.late_convert_share", "0", "1"},
        {"behavior.late_convert_delay_mean_days", "0", "36500"},
        {"policy.validity_months", "1", "1200"},
        {"policy.max_reassignments", "0", "1000000"},
        {"policy.max_bulk_per_user", "0", "1000000"},
        {"policy.activation_window_days", "0", "36500"},
        {"policy.notice_days", "0", "36500"},
        {"policy.retention_days", "0", "36500"},
    };
    return rows;
}

bool is_number_kind(detail::KeyKind kind) {
    return kind == detail::KeyKind::whole_number || kind == detail::KeyKind::real ||
           kind == detail::KeyKind::real_list;
}

TEST(ScenarioBounds, EveryNumberKeyHasOneInTheTable) {
    std::set<std::string> declared, listed;
    for (const auto& row : detail::scenario_keys())
        if (is_number_kind(row.kind)) declared.insert(row.full_name());
    for (const auto& row : number_key_bounds()) listed.insert(row.key);
    EXPECT_EQ(declared, listed);
}

// As a file would hold the value: a list repeats it on Monday and is 1 on the other days.
std::string number_text(const detail::KeyRow& row, const std::string& value) {
    return row.kind == detail::KeyKind::real_list ? value + ", 1, 1, 1, 1, 1, 1" : value;
}

TEST_F(ScenarioTest, EveryNumberKeyAcceptsItsBoundAndRefusesAnythingAbove) {
    for (const auto& bound : number_key_bounds()) {
        const detail::KeyRow* row = detail::find_key(bound.key);
        ASSERT_NE(row, nullptr) << bound.key;
        const bool is_whole = row->kind == detail::KeyKind::whole_number;
        const std::string kind = row->kind == detail::KeyKind::real_list ? "7 comma-separated real numbers"
                                 : is_whole                               ? "a whole number"
                                                                          : "a real number";
        const std::string expected = "expected " + kind + " from " + bound.min + " to " + bound.max + "; got \"";
        const std::string at_bound = number_text(*row, bound.max);
        const Scenario accepted = load_scenario(write("bound.ini", ""), {bound.key + "=" + at_bound});
        EXPECT_EQ(resolved_value(accepted, bound.key), at_bound) << "the bound itself is allowed";
        // Just above the bound, absurdly above it (1e12: users_mean used to wrap to 0 users), beyond int64.
        const std::string just_above = is_whole ? std::to_string(std::stoll(bound.max) + 1) : bound.max + ".001";
        for (const std::string& above : {just_above, std::string(is_whole ? "1000000000000" : "1e12"),
                                         std::string("99999999999999999999")}) {
            const std::string file = write("above.ini", "[" + std::string(row->section) + "]\n" + row->key +
                                                           " = " + number_text(*row, above) + "\n");
            EXPECT_EQ(error_of(file), file + ":2: key '" + bound.key + "': " + expected + above + "\"")
                << "key, value and bound are named";
        }
    }
}

TEST_F(ScenarioTest, TheRunEndsEarlyEnoughForItsCreditsToStayInTheCalendar) {
    const std::string path = write("late.ini", "[run]\nstart = 9899-01-01\nmonths = 12\n");
    EXPECT_EQ(load_scenario(path).end_day().to_string(), "9900-01-01") << "ending on the bound is allowed";
    EXPECT_EQ(error_of(path, {"run.start=9899-01-02"}),
              path + ": keys 'run.start' and 'run.months': the run [9899-01-02, 9900-01-02) must end by 9900-01-01: "
                     "its credits live up to 100 years beyond it and dates stop at 9999-12-31");
    EXPECT_NE(error_of(path, {"run.start=9999-01-01", "run.months=1200"}), "") << "used to write year 10099 as 0099";
}

TEST_F(ScenarioTest, ResolvedBehaviorAndOutputRoundTripExactly) {
    const Scenario first = load_scenario(
        write("a/first.ini",
              "[run]\nreplications = 3\n[population]\npartners = 100000\n"
              "[behavior]\nrenewal_probability = 0.123456789012345678\nusers_mean = 2.718281828459045\n"
              "reassignments_per_year = 1e-7\nmonthly_growth = -0.3333333333333333\n"
              "weekday_factors = 0.1, 0.2, 0.30000000000000004, 1e-9, 1e3, 0, 7\nmigration_ramp_days = 0\n"
              "late_convert_delay_mean_days = 12345.6789\n"
              "[output]\nbilling = true\npopulation = true\n"));
    EXPECT_FALSE(first.write_ledger) << "auto: 300000 partner-replications is above the limit";
    EXPECT_TRUE(first.write_billing) << "set explicitly";
    EXPECT_FALSE(first.write_events);
    EXPECT_TRUE(first.write_population);
    const Scenario second = load_scenario(write_resolved("elsewhere/resolved.ini", first));
    EXPECT_EQ(second.resolved, first.resolved);
    expect_same_behavior(second.behavior, first.behavior);
    EXPECT_EQ(second.write_ledger, first.write_ledger);
    EXPECT_EQ(second.write_billing, first.write_billing);
    EXPECT_EQ(second.write_events, first.write_events);
    EXPECT_EQ(second.write_population, first.write_population);
    // resolved.ini holds the resolved choice, not auto: a smaller rerun keeps it.
    const Scenario smaller = load_scenario(path_of("elsewhere/resolved.ini"), {"population.partners=10"});
    EXPECT_FALSE(smaller.write_ledger);
    EXPECT_EQ(resolved_value(smaller, "output.ledger"), "false");
}

struct AutoRow {
    std::string text;  // the file's content
    bool expected;     // ledger, billing and events
    std::string reason;
};

TEST_F(ScenarioTest, AutoReportsAreOnForReplaysAndSmallGeneratedPopulations) {
    const std::vector<AutoRow> rows = {
        {"[population]\npartners = 20000\n", true, "generated, exactly at the limit"},
        {"[population]\npartners = 20001\n", false, "generated, one partner above"},
        {"[run]\nreplications = 2\n[population]\npartners = 10000\n", true, "2 x 10000 is at the limit"},
        {"[run]\nreplications = 2\n[population]\npartners = 10001\n", false, "2 x 10001 is above"},
        {"[run]\nreplications = 20000\n[population]\npartners = 1\n", true, "one partner, many replications"},
        {"[run]\nreplications = 20001\n[population]\npartners = 1\n", false, "one replication too many"},
        {"[run]\nreplications = 7\n[population]\npartners = 2857\n", true, "7 x 2857 = 19999"},
        {"[run]\nreplications = 7\n[population]\npartners = 2858\n", false, "7 x 2858 = 20006"},
        {"[run]\nreplications = 65536\n[population]\npartners = 999999999\n", false,
         "the largest product does not overflow"},
        {"[population]\nsource = files\npartners = 200001\n", true, "a replay: always on"},
        {"[run]\nreplications = 65536\n[population]\nsource = files\npartners = 9999999\n", true,
         "a replay ignores partners and replications"},
        {"[population]\npartners = 200001\n[output]\nledger = AUTO\nbilling = Auto\nevents = auto\n", false,
         "auto written out, in any case"},
    };
    for (const auto& row : rows) {
        SCOPED_TRACE(row.text + " — " + row.reason);
        const Scenario s = load_scenario(write("auto.ini", row.text));
        EXPECT_EQ(s.write_ledger, row.expected);
        EXPECT_EQ(s.write_billing, row.expected);
        EXPECT_EQ(s.write_events, row.expected);
        const std::string text = row.expected ? "true" : "false";
        for (const char* key : {"output.ledger", "output.billing", "output.events"})
            EXPECT_EQ(resolved_value(s, key), text) << key << ": resolved holds true or false, never auto";
    }
}

TEST_F(ScenarioTest, ExplicitOutputChoicesBeatAuto) {
    const Scenario big = load_scenario(
        write("big.ini", "[population]\npartners = 1000000\n[output]\nledger = true\n"), {"output.events=TRUE"});
    EXPECT_TRUE(big.write_ledger) << "asked for in the file";
    EXPECT_FALSE(big.write_billing) << "auto, above the limit";
    EXPECT_TRUE(big.write_events) << "asked for with --set";
    const Scenario replay =
        load_scenario(write("replay.ini", "[population]\nsource = files\n[output]\nevents = false\n"));
    EXPECT_TRUE(replay.write_ledger);
    EXPECT_FALSE(replay.write_events) << "a replay may still turn a report off";
    // The base's auto stays auto until the derived file's population is known.
    write("base.ini", "[output]\nledger = auto\n");
    const Scenario derived =
        load_scenario(write("derived.ini", "[run]\nbase = base.ini\n[population]\npartners = 300000\n"));
    EXPECT_FALSE(derived.write_ledger) << "resolved against the final population, not the base's";
}

TEST(ScenarioAutoRule, IsAutoReportOnAtTheBoundaries) {
    EXPECT_EQ(kAutoReportLimit, 20000);
    EXPECT_TRUE(is_auto_report_on(PopulationSource::generated, 20000, 1));
    EXPECT_FALSE(is_auto_report_on(PopulationSource::generated, 20001, 1));
    EXPECT_TRUE(is_auto_report_on(PopulationSource::generated, 4000, 5));
    EXPECT_FALSE(is_auto_report_on(PopulationSource::generated, 4001, 5));
    EXPECT_FALSE(is_auto_report_on(PopulationSource::generated, INT64_MAX, INT_MAX)) << "no overflow";
    EXPECT_TRUE(is_auto_report_on(PopulationSource::files, INT64_MAX, INT_MAX));
}

TEST(ScenarioHelp, MentionsEverySectionKeyTypeAndDefault) {
    const std::string help = scenario_help();
    for (const char* topic : {"base =", "--set section.key=value", "relative to the directory", "resolved.ini",
                              "default to auto: on for a replay", "partners x replications <= 20000; off above"})
        EXPECT_NE(help.find(topic), std::string::npos) << "the intro explains " << topic;
    for (const auto& section : detail::scenario_sections())
        EXPECT_NE(help.find("[" + std::string(section.name) + "]"), std::string::npos) << section.name;
    for (const auto& row : detail::scenario_keys()) {
        const std::string line_start = "\n  " + std::string(row.key) + " ";
        const size_t at = help.find(line_start);
        ASSERT_NE(at, std::string::npos) << row.full_name() << " has a line";
        const std::string line = help.substr(at + 1, help.find('\n', at + 1) - at - 1);
        EXPECT_NE(line.find(detail::describe_type(row)), std::string::npos) << line;
        const char* default_text = row.default_note != nullptr ? row.default_note : row.default_text;
        EXPECT_NE(line.find(std::string("default: ") + default_text), std::string::npos) << line;
        EXPECT_NE(help.find(row.meaning), std::string::npos) << row.full_name() << " has its meaning";
    }
}

TEST(ScenarioHelp, TypeColumnIsAligned) {
    const std::string help = scenario_help();
    // Every key line starts its type at the same column.
    size_t column = 0;
    for (const auto& row : detail::scenario_keys()) {
        const size_t at = help.find("\n  " + std::string(row.key) + " ") + 1;
        const size_t type_at = help.find(detail::describe_type(row), at) - at;
        if (column == 0) column = type_at;
        EXPECT_EQ(type_at, column) << row.full_name();
    }
}

}  // namespace
}  // namespace creditsim
