#include "reports/events_report.hpp"

#include <gtest/gtest.h>

#include "model/errors.hpp"
#include "model/history.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using namespace creditsim::testing;

Event event(Date when, uint32_t partner, uint32_t subject, EventKind kind, uint32_t detail = 0) {
    return Event{when, partner, subject, kind, detail};
}

TEST(ReportEvents, DetailOfEveryKind) {
    const Population population = tiny_population();
    const uint32_t monthly = credit(population, "P1/1/azure_monthly");
    const uint32_t bulk = credit(population, "P1/1/azure_bulk");
    const uint32_t p2_ghe = credit(population, "P2/1/ghe_monthly");
    const uint32_t u2 = population.find_user(0, "u2");
    const uint32_t x1 = population.find_user(1, "x1");
    std::vector<ReplicationResult> replications = {empty_result(0, day(2026, 1, 1), 3, 2),
                                                   empty_result(1, day(2026, 1, 1), 3, 2)};
    const Date d = day(2026, 3, 10);
    replications[0].events = {
        event(day(2026, 1, 1), 0, monthly, EventKind::award),
        event(day(2026, 1, 1), 0, 0, EventKind::renew),
        event(day(2026, 1, 2), 0, monthly, EventKind::assign, u2),
        event(day(2026, 1, 3), 0, monthly, EventKind::remove, u2),
        event(day(2026, 1, 4), 0, bulk, EventKind::reject, uint32_t(RejectReason::unknown_user)),
        event(day(2026, 1, 4), 0, bulk, EventKind::reject, uint32_t(RejectReason::free_hosted_domain)),
        event(day(2026, 1, 4), 0, bulk, EventKind::reject, uint32_t(RejectReason::credit_not_assignable)),
        event(day(2026, 1, 4), 0, bulk, EventKind::reject, uint32_t(RejectReason::bulk_not_reassignable)),
        event(day(2026, 1, 4), 0, bulk, EventKind::reject, uint32_t(RejectReason::reassignment_cap)),
        event(day(2026, 1, 4), 0, bulk, EventKind::reject, uint32_t(RejectReason::bulk_limit)),
        event(day(2026, 1, 5), 0, monthly, EventKind::redeem, u2),
        event(day(2026, 1, 6), 0, monthly, EventKind::limit, uint32_t(LimitState::off)),
        event(day(2026, 1, 6), 0, monthly, EventKind::limit, uint32_t(LimitState::period_off)),
        event(day(2026, 1, 6), 0, monthly, EventKind::limit, uint32_t(LimitState::on)),
        event(day(2026, 1, 7), 0, monthly, EventKind::disable, uint32_t(DisableReason::spending_limit_reached)),
        event(day(2026, 1, 7), 0, monthly, EventKind::enable),
        event(day(2026, 1, 8), 0, monthly, EventKind::disable, uint32_t(DisableReason::term_ended)),
        event(day(2026, 1, 9), 0, bulk, EventKind::expire),
        event(day(2026, 1, 9), 0, bulk, EventKind::forfeit),
        event(day(2026, 1, 10), 0, monthly, EventKind::convert),
        event(day(2026, 1, 11), 0, monthly, EventKind::deletion),
        event(day(2026, 1, 12), 0, monthly, EventKind::ignored,
              ignored_detail(uint32_t(ActionKind::limit_period_off), IgnoreReason::no_subscription)),
        event(day(2026, 1, 12), 0, monthly, EventKind::ignored,
              ignored_detail(uint32_t(ActionKind::assign), IgnoreReason::not_awarded)),
        event(day(2026, 1, 12), 0, monthly, EventKind::ignored,
              ignored_detail(uint32_t(ActionKind::convert), IgnoreReason::not_term_ended)),
        event(day(2026, 1, 31), 0, 0, EventKind::leave),
    };
    replications[1].events = {
        event(d, 1, p2_ghe, EventKind::assign, x1),
        event(d, 1, 1, EventKind::leave),
    };
    TempFolder folder;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 4, 1)), {});
    EXPECT_EQ(read_text(folder / "events.csv"),
              "replication,date,partner_id,subject,event,detail\n"
              "0,2026-01-01,P1,P1/1/azure_monthly,award,\n"
              "0,2026-01-01,P1,P1,renew,\n"
              "0,2026-01-02,P1,P1/1/azure_monthly,assign,u2\n"
              "0,2026-01-03,P1,P1/1/azure_monthly,remove,u2\n"
              "0,2026-01-04,P1,P1/1/azure_bulk,reject,unknown_user\n"
              "0,2026-01-04,P1,P1/1/azure_bulk,reject,free_hosted_domain\n"
              "0,2026-01-04,P1,P1/1/azure_bulk,reject,credit_not_assignable\n"
              "0,2026-01-04,P1,P1/1/azure_bulk,reject,bulk_not_reassignable\n"
              "0,2026-01-04,P1,P1/1/azure_bulk,reject,reassignment_cap\n"
              "0,2026-01-04,P1,P1/1/azure_bulk,reject,bulk_limit\n"
              "0,2026-01-05,P1,P1/1/azure_monthly,redeem,u2\n"
              "0,2026-01-06,P1,P1/1/azure_monthly,limit,off\n"
              "0,2026-01-06,P1,P1/1/azure_monthly,limit,period_off\n"
              "0,2026-01-06,P1,P1/1/azure_monthly,limit,on\n"
              "0,2026-01-07,P1,P1/1/azure_monthly,disable,spending_limit_reached\n"
              "0,2026-01-07,P1,P1/1/azure_monthly,enable,\n"
              "0,2026-01-08,P1,P1/1/azure_monthly,disable,term_ended\n"
              "0,2026-01-09,P1,P1/1/azure_bulk,expire,\n"
              "0,2026-01-09,P1,P1/1/azure_bulk,forfeit,\n"
              "0,2026-01-10,P1,P1/1/azure_monthly,convert,\n"
              "0,2026-01-11,P1,P1/1/azure_monthly,delete,\n"
              "0,2026-01-12,P1,P1/1/azure_monthly,ignored,limit_period_off:no_subscription\n"
              "0,2026-01-12,P1,P1/1/azure_monthly,ignored,assign:not_awarded\n"
              "0,2026-01-12,P1,P1/1/azure_monthly,ignored,convert:not_term_ended\n"
              "0,2026-01-31,P1,P1,leave,\n"
              "1,2026-03-10,P2,P2/1/ghe_monthly,assign,x1\n"
              "1,2026-03-10,P2,P2,leave,\n");
}

TEST(ReportEvents, IgnoredDetailOfEveryActionAndReason) {
    const Population population = tiny_population();
    const char* const actions[] = {"assign",           "remove",   "redeem", "limit_off",
                                   "limit_period_off", "limit_on", "convert"};
    const char* const reasons[] = {"not_awarded", "no_user", "not_redeemable", "no_subscription",
                                   "ended",       "deleted", "not_term_ended"};
    for (uint32_t a = 0; a < 7; ++a)
        for (uint32_t w = 0; w < 7; ++w) {
            const Event e{day(2026, 1, 1), 0, 0, EventKind::ignored, ignored_detail(a, IgnoreReason(w))};
            EXPECT_EQ(event_detail(population, e), std::string(actions[a]) + ":" + reasons[w]);
        }
}

TEST(ReportEvents, ADetailThatNamesNothingIsOurBug) {
    const Population population = tiny_population();
    struct Case {
        EventKind kind;
        uint32_t detail;
        const char* why;
    };
    const Case cases[] = {
        {EventKind::assign, kUnknownUser, "no such user"},
        {EventKind::redeem, 3, "one past the last user"},
        {EventKind::reject, 6, "one past the last reason"},
        {EventKind::limit, 3, "one past the last limit state"},
        {EventKind::disable, 2, "one past the last disable reason"},
        {EventKind::ignored, 7 * 16, "one past the last action"},
        {EventKind::ignored, 7, "one past the last ignore reason"},
    };
    for (const auto& c : cases)
        EXPECT_THROW(event_detail(population, Event{day(2026, 1, 1), 0, 0, c.kind, c.detail}), InvariantError) << c.why;
}

/// Blocks of events as an engine emits them: each block in (day, phase)
/// order, many rows of one (day, phase) across blocks, so that the merge's ties decide.
std::vector<std::vector<Event>> blocks_of_events(const Population& population, int blocks, int per_block) {
    const uint32_t monthly = credit(population, "P1/1/azure_monthly");
    const uint32_t p2 = credit(population, "P2/1/ghe_monthly");
    std::vector<std::vector<Event>> all(static_cast<size_t>(blocks));
    uint64_t state = 12345;
    for (auto& block : all) {
        int serial = day(2026, 1, 1).serial();
        uint8_t phase = 0;
        for (int i = 0; i < per_block; ++i) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const int step = int(state >> 61);  // 0..7: same (day, phase) often
            if (step >= 6) {
                ++serial;
                phase = 0;
            } else if (step >= 4) {
                ++phase;
            }
            const bool first = (state >> 40) & 1;
            block.push_back(Event{Date::from_serial(serial), first ? 0u : 1u, first ? monthly : p2,
                                  (state >> 41) & 1 ? EventKind::award : EventKind::expire, 0, phase});
        }
    }
    return all;
}

std::string written(EventRows& rows) {
    std::string text;
    CsvWriter out(&text);
    rows.write_to(out);
    out.flush();
    return text;
}

TEST(ReportEvents, RowsSpilledToRunsMergeToTheSameBytesAndLeaveNoFile) {
    const Population population = tiny_population();
    const auto blocks = blocks_of_events(population, 9, 700);
    TempFolder folder;
    EventRows in_memory, spilled;
    spilled.spill_beyond(16 << 10, folder / "events");  // a run about every 2 blocks
    for (int replication = 0; replication < 2; ++replication) {
        for (size_t b = 0; b < blocks.size(); ++b) {
            in_memory.add(replication, population, blocks[b]);
            if (b % 3 == 1) {  // some blocks formatted elsewhere, as from another rank
                EventRows elsewhere;
                elsewhere.add(replication, population, blocks[b]);
                std::string text;
                std::vector<EventRows::Row> rows;
                elsewhere.take(text, rows);
                spilled.add_formatted(text, rows);
            } else {
                spilled.add(replication, population, blocks[b]);
            }
        }
        const int runs_before = spilled.runs_spilled();
        const std::string expected = written(in_memory);
        const std::string actual = written(spilled);
        ASSERT_GT(expected.size(), 200000u);
        EXPECT_TRUE(actual == expected) << "replication " << replication;
        EXPECT_GE(runs_before, 3 * (replication + 1)) << "rows went to files";
        EXPECT_TRUE(std::filesystem::is_empty(folder.path())) << "a run's file was left";
    }
    EXPECT_EQ(in_memory.runs_spilled(), 0);
}

TEST(ReportEvents, ARunThatCannotBeWrittenNamesItsFile) {
    const Population population = tiny_population();
    EventRows rows;
    rows.spill_beyond(1, "/nonexistent-folder/events");
    try {
        rows.add(0, population, blocks_of_events(population, 1, 10)[0]);
        FAIL() << "expected Error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot create the events' working file /nonexistent-folder/events.1"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace creditsim
