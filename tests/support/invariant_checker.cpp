#include "tests/support/invariant_checker.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "model/errors.hpp"
#include "sim/engine/engine.hpp"
#include "tests/support/world_builder.hpp"

namespace creditsim::testing {
namespace {

/// The engine's phases as the events carry them (uint8_t).
namespace phase {
constexpr uint8_t kPeriodBoundary = uint8_t(Phase::period_boundary), kEndOrDeadline = uint8_t(Phase::end_or_deadline),
                  kDeletion = uint8_t(Phase::deletion), kRenew = uint8_t(Phase::renew), kAward = uint8_t(Phase::award),
                  kLeave = uint8_t(Phase::leave), kFirstAction = uint8_t(Phase::first_action),
                  kUsage = uint8_t(Phase::usage);
}  // namespace phase

constexpr size_t kMaxProblems = 12;  // per run: the first problems are the useful ones
constexpr Date kFar = Date::from_serial(1 << 29);



/// num / den rounded half-even (num >= 0, den > 0), written here, not taken from the model.
int64_t round_half_even(int64_t num, int64_t den) {
    int64_t q = num / den;
    const int64_t twice_rest = 2 * (num % den);
    if (twice_rest > den || (twice_rest == den && q % 2 == 1)) ++q;
    return q;
}

/// Start of billing period k (0-based) from the anchor, restated from SPEC 2.
Date nth_period_start(PeriodKind kind, Date anchor, int k) {
    if (kind == PeriodKind::anniversary) return add_months(anchor, k);
    return k == 0 ? anchor : add_months(first_of_month(anchor), k);
}

std::string flows_text(const MoneyFlows& f) {
    return cat("demand ", f.demand, " used ", f.credit_used, " overage ", f.payg_overage, " ineligible ",
               f.payg_ineligible, " other ", f.payg_other, " unserved ", f.unserved);
}


/// A credit subscription's state as the events tell it (SPEC 3 States).
enum class SubState : uint8_t { none, active, disabled_limit, disabled_term, converted, deleted };
bool is_disabled(SubState s) { return s == SubState::disabled_limit || s == SubState::disabled_term; }

/// Reads one run's records back and lists every broken invariant.
class InvariantChecker {
public:
    InvariantChecker(const Population& population, const History& history, const Policy& policy, Date start,
                     Date end_day, const ReplicationResult& result, const EngineNotes& notes)
        : pop_(population),
          history_(history),
          policy_(policy),
          start_(start),
          end_(end_day),
          result_(result),
          notes_(notes),
          is_legacy_(policy.flow == Flow::legacy),
          months_(result.month_count) {}

    /// Every problem found (at most kMaxProblems, then a count of the rest).
    std::vector<std::string> check() {
        if (!check_shape()) return finish();
        index_records();
        check_ledger_rows();
        check_run_totals();
        check_billing();
        check_event_order();
        check_summary_counts();
        check_active_partners();
        check_expire_events();
        if (is_legacy_) {
            check_assignments();
            if (check_lifecycles()) {  // the usage replay needs the states the events tell
                check_disabled_days();
                check_legacy_usage();
            }
            check_overage_needs_limit_off();
        } else {
            check_pool_records();
            check_pool_usage();
        }
        return finish();
    }

private:
    // ---- helpers ------------------------------------------------------------
    void fail(const std::string& what) {
        if (problems_.size() < kMaxProblems)
            problems_.push_back(what);
        else
            ++dropped_;
    }
    std::vector<std::string> finish() {
        if (dropped_ > 0) problems_.push_back(cat("... and ", dropped_, " more problems"));
        return problems_;
    }
    const CatalogLine& line(uint32_t c) const { return pop_.catalog.lines()[pop_.credits[c].catalog_line]; }
    bool is_bulk(uint32_t c) const { return line(c).kind == CreditKind::bulk; }
    const std::string& name(uint32_t c) const { return pop_.credits[c].id; }
    Date award_day(uint32_t c) const { return pop_.credits[c].award_day; }
    bool is_awarded_in_run(uint32_t c) const { return award_day(c) >= start_ && award_day(c) < end_; }
    Date bulk_end(uint32_t c) const { return add_months(award_day(c), line(c).term_months); }
    /// The first day the credit is no longer valid, given its anchor (activation, or award in billing_profile).
    Date end_day_from(uint32_t c, Date anchor) const {
        return is_bulk(c) ? bulk_end(c) : nth_period_start(policy_.period, anchor, policy_.validity_months);
    }
    /// Legacy: the day a never-redeemed credit is forfeited (SPEC 3 step 2).
    Date deadline(uint32_t c) const {
        const Date window_end = award_day(c).plus_days(policy_.activation_window_days);
        return is_bulk(c) ? std::min(window_end, bulk_end(c)) : window_end;
    }
    int month_of(Date d) const { return month_key(d) - result_.first_month_key; }
    const BillingMonth& billing(uint32_t p, int m) const { return result_.billing[size_t(p) * months_ + m]; }
    std::string month_name(int m) const { return month_key_to_string(result_.first_month_key + m); }
    Money nominal(uint32_t c) const { return is_bulk(c) ? line(c).amount : line(c).amount * policy_.validity_months; }
    int64_t carry_quarters() const { return int64_t(policy_.carry_forward.units() / 250'000'000'000'000'000); }
    std::string event_text(const Event& e) const {
        return cat(
            e.day, ' ', to_string(e.kind), ' ',
            e.kind == EventKind::renew || e.kind == EventKind::leave ? pop_.partners[e.subject].id : name(e.subject),
            " detail ", e.detail, " phase ", int(e.phase));
    }

    // ---- shape and indices ---------------------------------------------------
    bool check_shape() {
        bool ok = true;
        if (result_.first_month_key != month_key(start_) ||
            result_.month_count != month_key(end_.plus_days(-1)) - month_key(start_) + 1) {
            fail(cat("month range ", result_.first_month_key, "+", result_.month_count, " does not cover the run"));
            ok = false;
        }
        if (result_.summary.size() != size_t(months_)) {
            fail(cat("summary has ", result_.summary.size(), " months, expected ", months_));
            ok = false;
        }
        if (result_.billing.size() != pop_.partners.size() * size_t(months_)) {
            fail(cat("billing has ", result_.billing.size(), " rows, expected partners x months"));
            ok = false;
        }
        for (const LedgerRow& r : result_.ledger)
            if (r.credit >= pop_.credits.size()) {
                fail("ledger row of an unknown credit");
                ok = false;
                break;
            }
        for (const Event& e : result_.events) {
            const bool is_partner_subject = e.kind == EventKind::renew || e.kind == EventKind::leave;
            const size_t limit = is_partner_subject ? pop_.partners.size() : pop_.credits.size();
            if (e.subject >= limit || e.partner >= pop_.partners.size() ||
                e.partner != (is_partner_subject ? e.subject : pop_.credits[e.subject].partner)) {
                fail(cat("event with a wrong subject or partner: ", to_string(e.kind), " on ", e.day));
                ok = false;
                break;
            }
        }
        return ok;
    }

    void index_records() {
        rows_of_.assign(pop_.credits.size(), {});
        events_of_.assign(pop_.credits.size(), {});
        for (const LedgerRow& r : result_.ledger) rows_of_[r.credit].push_back(&r);
        for (const Event& e : result_.events)
            if (e.kind != EventKind::renew && e.kind != EventKind::leave) events_of_[e.subject].push_back(&e);
        for (auto& rows : rows_of_)
            std::stable_sort(rows.begin(), rows.end(),
                             [](const LedgerRow* a, const LedgerRow* b) { return a->period_start < b->period_start; });
        demand_of_.assign(pop_.subscriptions.size(), {});
        for (const Demand& d : history_.demand) demand_of_[d.subscription].push_back(&d);
    }

    /// The day the credit's periods are anchored on, from its events; kFar if it has none.
    Date anchor_of(uint32_t c) const {
        for (const Event* e : events_of_[c])
            if (e->kind == (is_legacy_ ? EventKind::redeem : EventKind::award)) return e->day;
        return kFar;
    }

    // ---- SPEC 8 ledger.csv and SPEC 2 periods -----------------------------------
    void check_ledger_rows() {
        // Report order: (partner id, credit id, period_start), strictly.
        for (size_t i = 1; i < result_.ledger.size(); ++i) {
            const LedgerRow& a = result_.ledger[i - 1];
            const LedgerRow& b = result_.ledger[i];
            const auto key = [&](const LedgerRow& r) {
                return std::make_tuple(pop_.credits[r.credit].partner, r.credit, r.period_start.serial());
            };
            if (!(key(a) < key(b))) fail(cat("ledger rows out of order at ", name(b.credit), ' ', b.period_start));
        }
        std::vector<Money> granted(months_), lapsed(months_), expired(months_);
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) {
            const auto& rows = rows_of_[c];
            int anchors = 0;
            for (const Event* e : events_of_[c])
                if (e->kind == (is_legacy_ ? EventKind::redeem : EventKind::award)) ++anchors;
            if (anchors > 1) fail(cat(name(c), " was redeemed or awarded ", anchors, " times"));
            const Date anchor = anchor_of(c);
            if (anchor == kFar) {
                if (!rows.empty())
                    fail(cat(name(c), " has ledger rows but was never ", is_legacy_ ? "redeemed" : "awarded"));
                continue;
            }
            const Date end_day = end_day_from(c, anchor);
            const Date last_exclusive = std::min(end_day, end_);
            size_t expected_rows = 0;
            while (nth_period_start(policy_.period, anchor, int(expected_rows)) < last_exclusive) ++expected_rows;
            if (rows.size() != expected_rows) {
                fail(cat(name(c), " has ", rows.size(), " ledger rows, expected ", expected_rows, " (anchor ", anchor,
                         ", end day ", end_day, ")"));
                continue;
            }
            for (size_t k = 0; k < rows.size(); ++k) {
                const LedgerRow& r = *rows[k];
                const std::string where = cat(name(c), " row ", r.period_start, "..", r.period_last_day);
                const Date expected_start = nth_period_start(policy_.period, anchor, int(k));
                const Date expected_last =
                    std::min(nth_period_start(policy_.period, anchor, int(k) + 1), end_day).plus_days(-1);
                if (r.period_start != expected_start || r.period_last_day != expected_last)
                    fail(cat(where, ": expected period ", expected_start, "..", expected_last));
                if (k > 0 && r.period_start != rows[k - 1]->period_last_day.plus_days(1))
                    fail(cat(where, ": not contiguous with the previous row"));
                const Money expected_opening = k == 0 ? Money::zero() : rows[k - 1]->closing;
                if (r.opening != expected_opening) fail(cat(where, ": opening ", r.opening, " != ", expected_opening));
                if (r.closing != r.opening + r.granted - r.used - r.lapsed - r.expired)
                    fail(cat(where, ": does not balance"));
                for (Money m : {r.opening, r.granted, r.used, r.lapsed, r.expired, r.closing})
                    if (m.cents() < 0) fail(cat(where, ": negative amount ", m));

                // Grants: the amount each period (prorated first calendar period); bulk once.
                Money expected_grant = line(c).amount;
                if (is_bulk(c) && k > 0) expected_grant = Money::zero();
                if (!is_bulk(c) && k == 0 && policy_.period == PeriodKind::calendar && policy_.prorate_first_period) {
                    const int month_days = days_in_month(anchor.year(), anchor.month());
                    expected_grant = Money::from_cents(
                        round_half_even(line(c).amount.cents() * (month_days - anchor.day() + 1), month_days));
                }
                if (r.granted != expected_grant) fail(cat(where, ": granted ", r.granted, " != ", expected_grant));

                // How the row closed: at a boundary, on the end day, or open at the run's end.
                const Money unused = r.opening + r.granted - r.used;
                const Date closed_on = r.period_last_day.plus_days(1);
                Money expected_lapsed, expected_expired;
                if (closed_on >= end_) {
                    // still open: nothing lapses or expires
                } else if (closed_on == end_day) {
                    (is_bulk(c) ? expected_expired : expected_lapsed) = unused;
                } else if (!is_bulk(c)) {
                    expected_lapsed = unused - Money::from_cents(round_half_even(unused.cents() * carry_quarters(), 4));
                }
                if (r.lapsed != expected_lapsed || r.expired != expected_expired)
                    fail(cat(where, ": lapsed ", r.lapsed, " expired ", r.expired, ", expected ", expected_lapsed,
                             " and ", expected_expired, " (unused ", unused, ")"));
                if (r.period_start < start_ || r.period_start >= end_) fail(cat(where, ": starts outside the run"));
                granted[month_of(r.period_start)] += r.granted;
                if (closed_on < end_) {
                    lapsed[month_of(closed_on)] += r.lapsed;
                    expired[month_of(closed_on)] += r.expired;
                }
            }
        }
        // Summary money is booked in the month of the day it happens.
        for (int m = 0; m < months_; ++m) {
            const SummaryMonth& s = result_.summary[m];
            if (s.granted != granted[m] || s.lapsed != lapsed[m] || s.expired != expired[m])
                fail(cat("summary ", month_name(m), ": granted/lapsed/expired ", s.granted, '/', s.lapsed, '/',
                         s.expired, " but the ledger books ", granted[m], '/', lapsed[m], '/', expired[m]));
        }
    }

    // ---- SPEC 9: granted = used + lapsed + expired + final closing ----------------
    void check_run_totals() {
        Money granted, used, lapsed, expired, closing;
        std::vector<Money> used_by_partner(pop_.partners.size());
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) {
            if (rows_of_[c].empty()) continue;
            Money g, u, l, e;
            for (const LedgerRow* r : rows_of_[c]) {
                g += r->granted;
                u += r->used;
                l += r->lapsed;
                e += r->expired;
            }
            const Money final_closing = rows_of_[c].back()->closing;
            if (g != u + l + e + final_closing)
                fail(cat(name(c), ": granted ", g, " != used ", u, " + lapsed ", l, " + expired ", e, " + closing ",
                         final_closing));
            granted += g;
            used += u;
            lapsed += l;
            expired += e;
            closing += final_closing;
            used_by_partner[pop_.credits[c].partner] += u;
        }
        if (granted != used + lapsed + expired + closing)
            fail("run totals: granted != used + lapsed + expired + closing");
        SummaryMonth total;
        for (const SummaryMonth& s : result_.summary) {
            total.granted += s.granted;
            total.lapsed += s.lapsed;
            total.expired += s.expired;
            total.flows += s.flows;
        }
        if (total.granted != granted || total.lapsed != lapsed || total.expired != expired)
            fail("summary granted/lapsed/expired totals differ from the ledger's");
        if (total.flows.credit_used != used)
            fail(cat("summary credit_used ", total.flows.credit_used, " != ledger used ", used));
        for (uint32_t p = 0; p < pop_.partners.size(); ++p) {
            Money billed;
            for (int m = 0; m < months_; ++m) billed += billing(p, m).flows.credit_used;
            if (billed != used_by_partner[p])
                fail(cat(pop_.partners[p].id, ": billing credit_used ", billed, " != its ledger used ",
                         used_by_partner[p]));
        }
    }

    // ---- SPEC 8 billing.csv ------------------------------------------------------
    void check_billing() {
        std::vector<Money> history_demand(pop_.partners.size() * months_);
        Money history_total;
        for (const Demand& d : history_.demand) {
            history_demand[size_t(pop_.subscriptions[d.subscription].partner) * months_ + month_of(d.day)] += d.amount;
            history_total += d.amount;
        }
        Money billed_total;
        for (int m = 0; m < months_; ++m) {
            MoneyFlows month_sum;
            for (uint32_t p = 0; p < pop_.partners.size(); ++p) {
                const BillingMonth& b = billing(p, m);
                const MoneyFlows& f = b.flows;
                const std::string where = cat(pop_.partners[p].id, ' ', month_name(m));
                if (f.demand != f.credit_used + f.payg_overage + f.payg_ineligible + f.payg_other + f.unserved)
                    fail(cat(where, ": billing row does not balance: ", flows_text(f)));
                for (Money x : {f.demand, f.credit_used, f.payg_overage, f.payg_ineligible, f.payg_other, f.unserved})
                    if (x.cents() < 0) fail(cat(where, ": negative billing amount"));
                if (b.disabled_days < 0) fail(cat(where, ": negative disabled_days"));
                if (f.demand != history_demand[size_t(p) * months_ + m])
                    fail(cat(where, ": billed demand ", f.demand, " != history demand ",
                             history_demand[size_t(p) * months_ + m]));
                month_sum += f;
                billed_total += f.demand;
            }
            if (month_sum != result_.summary[m].flows)
                fail(cat("summary ", month_name(m), " flows {", flows_text(result_.summary[m].flows),
                         "} != sum of billing {", flows_text(month_sum), "}"));
        }
        if (billed_total != history_total)
            fail(cat("total demand ", billed_total, " != history demand ", history_total));
    }

    // ---- SPEC 3 daily order -----------------------------------------------------
    /// The step (x10, sub-steps for step 4) an event can only come from; -1 when several.
    static int step_of(const Event& e) {
        switch (e.kind) {
            case EventKind::forfeit:
            case EventKind::expire:
                return 20;
            case EventKind::deletion:
                return 30;
            case EventKind::renew:
                return 40;
            case EventKind::award:
                return 41;
            case EventKind::leave:
                return 42;
            case EventKind::assign:
            case EventKind::remove:
            case EventKind::reject:
            case EventKind::redeem:
            case EventKind::ignored:
                return 50;
            case EventKind::disable:
                return e.detail == uint32_t(DisableReason::term_ended) ? 20 : 60;
            default:
                return -1;  // enable, limit, convert: several steps
        }
    }
    /// SPEC 3 step 5 rank of the action behind an event, or -1.
    static int action_rank_of(const Event& e) {
        switch (e.kind) {
            case EventKind::remove:
                return 0;
            case EventKind::assign:
            case EventKind::reject:
                return 1;
            case EventKind::redeem:
                return 2;
            case EventKind::ignored:
                return action_rank(ActionKind(e.detail / 16));
            default:
                return -1;
        }
    }

    void check_event_order() {
        const Event* previous = nullptr;
        int last_step = 0, last_rank = -1;
        uint32_t last_subject_of_step[100] = {};
        uint32_t last_action_subject = 0;
        for (const Event& e : result_.events) {
            if (e.day < start_ || e.day >= end_) fail(cat("event outside the run: ", event_text(e)));
            if (previous && e.day < previous->day) fail(cat("events out of date order at ", event_text(e)));
            if (!previous || e.day != previous->day) {
                last_step = 0;
                last_rank = -1;
                std::fill(std::begin(last_subject_of_step), std::end(last_subject_of_step), 0);
            }
            previous = &e;
            // A forfeit on its award day (zero activation window) may come in step 2 or with the award.
            const bool is_award_day_forfeit = e.kind == EventKind::forfeit && e.day == award_day(e.subject);
            const int step = is_award_day_forfeit ? -1 : step_of(e);
            if (step < 0) continue;
            if (step < last_step)
                fail(cat("event of step ", step / 10, " after step ", last_step / 10, ": ", event_text(e)));
            // Within a step, subjects in ascending id order (step 5: by action rank, then credit).
            if (step == 50) {
                const int rank = action_rank_of(e);
                if (rank < last_rank || (rank == last_rank && e.subject < last_action_subject))
                    fail(cat("actions out of (rank, credit) order: ", event_text(e)));
                last_rank = rank;
                last_action_subject = e.subject;
            } else if (step != 40 && step != 42) {
                if (last_step == step && e.subject < last_subject_of_step[step])
                    fail(cat("subjects out of id order in step ", step / 10, ": ", event_text(e)));
                last_subject_of_step[step] = e.subject;
            }
            last_step = step;
        }
        check_event_phases();
        // Membership events on their days.
        for (const Event& e : result_.events) {
            if (e.kind == EventKind::award && e.day != award_day(e.subject))
                fail(cat("award on the wrong day: ", event_text(e)));
            if (e.kind == EventKind::leave && e.day != pop_.partners[e.subject].membership_end_day())
                fail(cat("leave on the wrong day: ", event_text(e)));
            if (e.kind == EventKind::renew) {
                const Partner& p = pop_.partners[e.subject];
                bool is_renewal_day = false;
                for (int year = 2; year <= p.renewals + 1; ++year) is_renewal_day |= p.award_day(year) == e.day;
                if (!is_renewal_day) fail(cat("renew on a day that is no renewal: ", event_text(e)));
            }
        }
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) {
            int awards = 0;
            for (const Event* e : events_of_[c]) awards += e->kind == EventKind::award;
            if (awards != (is_awarded_in_run(c) ? 1 : 0)) fail(cat(name(c), " has ", awards, " award events"));
        }
    }

    /// The phase an event of this kind must carry, or 0 when it can come from several steps.
    static uint8_t expected_phase(const Event& e) {
        switch (e.kind) {
            case EventKind::forfeit:
            case EventKind::expire:
                return phase::kEndOrDeadline;
            case EventKind::deletion:
                return phase::kDeletion;
            case EventKind::renew:
                return phase::kRenew;
            case EventKind::award:
                return phase::kAward;
            case EventKind::leave:
                return phase::kLeave;
            case EventKind::disable:
                return e.detail == uint32_t(DisableReason::term_ended) ? phase::kEndOrDeadline : phase::kUsage;
            default: {
                const int rank = action_rank_of(e);
                return rank < 0 ? 0 : uint8_t(phase::kFirstAction + rank);
            }
        }
    }

    /// Event phases (step, sub-step, action rank) are right and never go back within a day.
    void check_event_phases() {
        const Event* previous = nullptr;
        for (const Event& e : result_.events) {
            if (e.phase < phase::kPeriodBoundary || e.phase > phase::kUsage)
                fail(cat("phase ", int(e.phase), " out of range: ", event_text(e)));
            const uint8_t expected = expected_phase(e);
            const bool is_award_day_forfeit =  // zero activation window: see check_lifecycle
                e.kind == EventKind::forfeit && e.day == award_day(e.subject) && e.phase == phase::kAward;
            if (expected != 0 && e.phase != expected && !is_award_day_forfeit)
                fail(cat("phase ", int(e.phase), " instead of ", int(expected), ": ", event_text(e)));
            if (previous && previous->day == e.day && e.phase < previous->phase)
                fail(cat("phase goes back within a day: ", event_text(e)));
            previous = &e;
        }
    }

    // ---- SPEC 8 summary.csv counts ------------------------------------------------
    void check_summary_counts() {
        std::vector<SummaryMonth> counted(months_);
        for (const Event& e : result_.events) {
            SummaryMonth& s = counted[month_of(e.day)];
            switch (e.kind) {
                case EventKind::award:
                    ++s.awarded;
                    if (!is_legacy_) ++s.activated;
                    break;
                case EventKind::assign:
                    ++s.assigned;
                    break;
                case EventKind::redeem:
                    ++s.activated;
                    break;
                case EventKind::reject:
                    ++s.rejected[e.detail];
                    break;
                case EventKind::disable:
                    ++s.disables;
                    break;
                case EventKind::convert:
                    ++s.conversions;
                    break;
                case EventKind::deletion:
                    ++s.deletions;
                    break;
                case EventKind::forfeit:
                    s.forfeited_value += nominal(e.subject);
                    break;
                default:
                    break;
            }
        }
        for (int m = 0; m < months_; ++m) {
            const SummaryMonth& a = result_.summary[m];
            const SummaryMonth& b = counted[m];
            const bool same = a.awarded == b.awarded && a.assigned == b.assigned && a.activated == b.activated &&
                              a.rejected == b.rejected && a.disables == b.disables && a.conversions == b.conversions &&
                              a.deletions == b.deletions && a.forfeited_value == b.forfeited_value;
            if (!same)
                fail(cat("summary ", month_name(m), " counts (awarded ", a.awarded, " assigned ", a.assigned,
                         " activated ", a.activated, " disables ", a.disables, " conversions ", a.conversions,
                         " deletions ", a.deletions, " forfeited ", a.forfeited_value, ") differ from its events (",
                         b.awarded, ' ', b.assigned, ' ', b.activated, ' ', b.disables, ' ', b.conversions, ' ',
                         b.deletions, ' ', b.forfeited_value, ")"));
        }
    }

    void check_active_partners() {
        for (int m = 0; m < months_; ++m) {
            const Date first = month_key_first_day(result_.first_month_key + m);
            const Date next = add_months(first, 1);
            int64_t active = 0;
            for (const Partner& p : pop_.partners) active += p.joined < next && p.membership_end_day() > first;
            if (result_.summary[m].active_partners != active)
                fail(cat("summary ", month_name(m), ": active_partners ", result_.summary[m].active_partners,
                         " != ", active));
        }
    }

    /// `expire` exactly when a bulk row expires a positive balance, on the end day.
    void check_expire_events() {
        std::set<std::pair<uint32_t, int32_t>> from_events, from_ledger;
        for (const Event& e : result_.events)
            if (e.kind == EventKind::expire) from_events.insert({e.subject, e.day.serial()});
        for (const LedgerRow& r : result_.ledger)
            if (r.expired.is_positive()) from_ledger.insert({r.credit, r.period_last_day.plus_days(1).serial()});
        if (from_events != from_ledger) fail("expire events do not match the ledger's expired amounts");
    }

    // ---- SPEC 4 assignment rules (legacy): every assign action decided again ------------
    /// Walks the events in order and, at each assign action of the history (step 5,
    /// phase of rank 1), decides it again from SPEC 4's table with the facts the
    /// earlier events give: no-op, `assign`, or `reject` with exactly the first
    /// reason that holds. The action's event must be the next one. Also checks
    /// that `remove` and `redeem` name the current user.
    void check_assignments() {
        struct Holder {
            uint32_t current = kNone, last = kNone;
            int reassignments = 0;
            bool is_awarded = false, is_forfeited = false;
            Date redeemed = kFar;
        };
        std::vector<Holder> h(pop_.credits.size());
        auto end_day_of = [&](uint32_t c) {
            return is_bulk(c) ? bulk_end(c) : h[c].redeemed == kFar ? kFar : end_day_from(c, h[c].redeemed);
        };
        auto apply = [&](const Event& e) {
            if (e.kind == EventKind::renew || e.kind == EventKind::leave) return;
            Holder& s = h[e.subject];
            const std::string where = cat(name(e.subject), ' ', to_string(e.kind), " on ", e.day);
            switch (e.kind) {
                case EventKind::award:
                    s.is_awarded = true;
                    break;
                case EventKind::forfeit:
                    s.is_forfeited = true;
                    break;
                case EventKind::redeem:
                    if (s.current == kNone || e.detail != s.current)
                        fail(cat(where, ": not by the credit's current user"));
                    s.redeemed = e.day;
                    break;
                case EventKind::remove:
                    if (s.current == kNone || e.detail != s.current)
                        fail(cat(where, ": removes someone not the current user"));
                    s.current = kNone;
                    break;
                case EventKind::assign:
                    if (s.last != kNone && s.last != e.detail) ++s.reassignments;
                    s.current = s.last = e.detail;
                    break;
                case EventKind::ignored:
                    if (IgnoreReason(e.detail % 16) == IgnoreReason::no_user && s.current != kNone)
                        fail(cat(where, ": redeem:no_user while the credit has a user"));
                    break;
                default:
                    break;
            }
        };
        // SPEC 4, in the table's order: the event assign(c, u) on day t must produce.
        auto decide = [&](uint32_t c, uint32_t u, Date t, EventKind& kind, uint32_t& detail) {
            const Holder& s = h[c];
            const Partner& partner = pop_.partners[pop_.credits[c].partner];
            if (!s.is_awarded) {
                kind = EventKind::ignored;
                detail = ignored_detail(uint32_t(ActionKind::assign), IgnoreReason::not_awarded);
                return true;
            }
            if (u != kUnknownUser && u == s.current) return false;  // no-op, checked first
            const bool is_reassignment = s.last != kNone && s.last != u;
            int held = 0;  // other bulk credits the user holds now
            for (uint32_t i = 0; u != kUnknownUser && i < partner.credit_count; ++i) {
                const uint32_t o = pop_.credits_by_partner[partner.first_credit + i];
                if (o != c && is_bulk(o) && h[o].current == u && !h[o].is_forfeited && t < bulk_end(o)) ++held;
            }
            kind = EventKind::reject;
            if (u == kUnknownUser)
                detail = uint32_t(RejectReason::unknown_user);
            else if (policy_.block_free_hosted && pop_.users[u].is_free_hosted)
                detail = uint32_t(RejectReason::free_hosted_domain);
            else if (s.is_forfeited || t >= end_day_of(c) || (t >= partner.membership_end_day() && s.last == kNone))
                detail = uint32_t(RejectReason::credit_not_assignable);
            else if (is_bulk(c) && is_reassignment && !policy_.bulk_reassignable)
                detail = uint32_t(RejectReason::bulk_not_reassignable);
            else if (!is_bulk(c) && is_reassignment && s.reassignments >= policy_.max_reassignments)
                detail = uint32_t(RejectReason::reassignment_cap);
            else if (is_bulk(c) && held >= policy_.max_bulk_per_user)
                detail = uint32_t(RejectReason::bulk_limit);
            else {
                kind = EventKind::assign;
                detail = u;
            }
            return true;
        };

        constexpr uint8_t kAssignPhase = phase::kFirstAction + action_rank(ActionKind::assign);
        const auto& events = result_.events;
        size_t next = 0;
        std::vector<const Action*> assigns;
        for (const Action& a : history_.actions)
            if (a.kind == ActionKind::assign) assigns.push_back(&a);
        for (size_t i = 0; i < assigns.size(); ++i) {
            const Action& a = *assigns[i];
            while (next < events.size() &&
                   (events[next].day < a.day || (events[next].day == a.day && events[next].phase < kAssignPhase)))
                apply(events[next++]);
            EventKind kind = EventKind::award;
            uint32_t detail = 0;
            const bool has_event = decide(a.credit, a.user, a.day, kind, detail);
            const Event* got = next < events.size() && events[next].day == a.day &&
                                       events[next].phase == kAssignPhase && events[next].subject == a.credit
                                   ? &events[next]
                                   : nullptr;
            // A no-op leaves the next event to a later assign of the same credit that day.
            const bool is_next_same =
                i + 1 < assigns.size() && assigns[i + 1]->day == a.day && assigns[i + 1]->credit == a.credit;
            const bool is_right = has_event ? got && got->kind == kind && got->detail == detail : !got || is_next_same;
            if (!is_right) {
                fail(cat(
                    name(a.credit), ": assign on ", a.day, " to ",
                    a.user == kUnknownUser ? std::string("an unknown user") : pop_.users[a.user].id, " should give ",
                    has_event
                        ? cat(to_string(kind), ' ', kind == EventKind::reject ? to_string(RejectReason(detail)) : "")
                        : std::string("no event"),
                    ", got ", got ? event_text(*got) : std::string("no event")));
                return;  // the walk is out of step from here on
            }
            if (has_event) apply(events[next++]);
        }
        while (next < events.size()) apply(events[next++]);
    }

    // ---- SPEC 3 lifecycle (legacy), replayed per credit from its events -----------
    /// The state at the start of step 6 from `from` on (until the next entry).
    struct StateEntry {
        Date from;
        SubState state;
        LimitState limit;
    };

    bool check_lifecycles() {
        timeline_.assign(pop_.credits.size(), {});
        disabled_days_.assign(pop_.partners.size() * months_, 0);
        bool ok = true;
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) ok &= check_lifecycle(c);
        return ok;
    }

    void count_disabled(uint32_t c, Date from, Date to) {
        for (Date d = std::max(from, start_); d < std::min(to, end_); d = d.plus_days(1))
            ++disabled_days_[size_t(pop_.credits[c].partner) * months_ + month_of(d)];
    }

    static constexpr uint8_t kLimitActionPhase = phase::kFirstAction + action_rank(ActionKind::limit_off);

    bool check_lifecycle(uint32_t c) {
        const auto& events = events_of_[c];
        size_t k = 0;  // next event of this credit
        SubState state = SubState::none;
        LimitState limit = LimitState::on;
        Date off_since = kFar, term_day = kFar, end_day = kFar, disabled_from = kFar;
        bool is_forfeited = false, is_awarded = false;
        const Date award = award_day(c), forfeit_day = deadline(c);
        std::set<Date> days, boundaries;
        for (const Event* e : events) days.insert(e->day);
        if (is_awarded_in_run(c)) {
            days.insert(award);
            if (forfeit_day < end_) days.insert(forfeit_day);
        }
        auto& timeline = timeline_[c];
        timeline.push_back({start_, state, limit});
        auto set_state = [&](SubState next, Date t) {
            if (!is_disabled(state) && is_disabled(next)) disabled_from = t;
            if (is_disabled(state) && !is_disabled(next)) {
                count_disabled(c, disabled_from, t);
                disabled_from = kFar;
            }
            state = next;
        };
        auto next_text = [&] { return k < events.size() ? event_text(*events[k]) : std::string("no more events"); };
        // The next event must be this one, from this step (phase).
        auto expect = [&](Date t, EventKind kind, uint32_t detail, uint8_t step_phase, const char* why) {
            if (k < events.size() && events[k]->day == t && events[k]->kind == kind && events[k]->detail == detail &&
                events[k]->phase == step_phase) {
                ++k;
                return true;
            }
            fail(cat(name(c), ": expected ", to_string(kind), " (phase ", int(step_phase), ") on ", t, " (", why,
                     "), found ", next_text()));
            return false;
        };

        while (!days.empty()) {
            const Date t = *days.begin();
            days.erase(days.begin());
            // Step 1: period boundary of a running subscription.
            if (boundaries.count(t) && (state == SubState::active || state == SubState::disabled_limit)) {
                if (state == SubState::disabled_limit) {
                    if (!expect(t, EventKind::enable, 0, phase::kPeriodBoundary, "a new period re-enables"))
                        return false;
                    set_state(SubState::active, t);
                }
                if (limit == LimitState::period_off) {
                    if (!expect(t, EventKind::limit, uint32_t(LimitState::on), phase::kPeriodBoundary,
                                "period_off reverts"))
                        return false;
                    limit = LimitState::on;
                }
                timeline.push_back({t, state, limit});
            }
            // Step 2: deadline of a never-redeemed credit; end day of a redeemed one.
            if (t == forfeit_day && state == SubState::none && !is_forfeited && is_awarded) {
                if (!expect(t, EventKind::forfeit, 0, phase::kEndOrDeadline, "never redeemed by its deadline"))
                    return false;
                is_forfeited = true;
            }
            // A zero activation window puts the deadline on the award day: the
            // forfeit may come in step 2 before the award, or with the award (below).
            const bool is_deadline_on_award_day = t == forfeit_day && t == award && is_awarded_in_run(c);
            if (is_deadline_on_award_day && k < events.size() && events[k]->day == t &&
                events[k]->kind == EventKind::forfeit && events[k]->phase == phase::kEndOrDeadline) {
                ++k;
                is_forfeited = true;
            }
            if (t == end_day && (state == SubState::active || state == SubState::disabled_limit)) {
                if (is_bulk(c)) {
                    const auto& rows = rows_of_[c];
                    if (!rows.empty() && rows.back()->period_last_day.plus_days(1) == t &&
                        rows.back()->expired.is_positive() &&
                        !expect(t, EventKind::expire, 0, phase::kEndOrDeadline, "a bulk balance left at the end day"))
                        return false;
                }
                if (limit == LimitState::off && off_since <= t.plus_days(-policy_.notice_days)) {
                    if (!expect(t, EventKind::convert, 0, phase::kEndOrDeadline, "limit off since before the notice"))
                        return false;
                    set_state(SubState::converted, t);
                } else {
                    if (!expect(t, EventKind::disable, uint32_t(DisableReason::term_ended), phase::kEndOrDeadline,
                                "term ended without notice"))
                        return false;
                    set_state(SubState::disabled_term, t);
                    term_day = t;
                    if (t.plus_days(policy_.retention_days) < end_) days.insert(t.plus_days(policy_.retention_days));
                }
                timeline.push_back({t, state, limit});
            }
            // Step 3: deletion after the retention.
            if (state == SubState::disabled_term && t == term_day.plus_days(policy_.retention_days)) {
                if (!expect(t, EventKind::deletion, 0, phase::kDeletion, "retention over")) return false;
                set_state(SubState::deleted, t);
                timeline.push_back({t, state, limit});
            }
            // Step 4: the award.
            if (t == award && is_awarded_in_run(c)) {
                if (!expect(t, EventKind::award, 0, phase::kAward, "award day")) return false;
                is_awarded = true;
                if (is_deadline_on_award_day && !is_forfeited) {
                    if (!expect(t, EventKind::forfeit, 0, phase::kAward, "deadline on the award day")) return false;
                    is_forfeited = true;
                }
            }
            // Steps 5 and 6: what actions and usage did.
            for (; k < events.size() && events[k]->day == t; ++k) {
                const Event& e = *events[k];
                const std::string where =
                    cat(name(c), ' ', event_text(e), " (state ", int(state), ", limit ", to_string(limit), ")");
                bool is_allowed = true;
                switch (e.kind) {
                    case EventKind::assign:
                    case EventKind::remove:
                    case EventKind::reject:
                        is_allowed = is_awarded;
                        break;
                    case EventKind::ignored:
                        is_allowed = is_plausible_ignore(e, state, is_awarded, is_forfeited, forfeit_day);
                        break;
                    case EventKind::redeem:
                        is_allowed = is_awarded && state == SubState::none && !is_forfeited && t < forfeit_day;
                        set_state(SubState::active, t);
                        limit = LimitState::on;
                        end_day = end_day_from(c, t);
                        for (int n = 1; nth_period_start(policy_.period, t, n) < std::min(end_day, end_); ++n) {
                            boundaries.insert(nth_period_start(policy_.period, t, n));
                            days.insert(nth_period_start(policy_.period, t, n));
                        }
                        if (end_day < end_) days.insert(end_day);
                        break;
                    case EventKind::limit:
                        is_allowed = (state == SubState::active || state == SubState::disabled_limit) &&
                                     e.detail != uint32_t(limit) && e.phase == kLimitActionPhase;
                        limit = LimitState(e.detail);
                        if (limit == LimitState::off) off_since = t;
                        break;
                    case EventKind::enable:
                        is_allowed = state == SubState::disabled_limit && k > 0 && events[k - 1]->day == t &&
                                     events[k - 1]->kind == EventKind::limit &&
                                     events[k - 1]->detail != uint32_t(LimitState::on) && e.phase == kLimitActionPhase;
                        set_state(SubState::active, t);
                        break;
                    case EventKind::convert:
                        is_allowed = state == SubState::disabled_term &&
                                     e.phase == phase::kFirstAction + action_rank(ActionKind::convert);
                        set_state(SubState::converted, t);
                        break;
                    case EventKind::disable:
                        is_allowed = e.detail == uint32_t(DisableReason::spending_limit_reached) &&
                                     state == SubState::active && limit == LimitState::on &&
                                     (k + 1 == events.size() || events[k + 1]->day != t);
                        set_state(SubState::disabled_limit, t);
                        spending_disables_.insert({c, t.serial()});
                        break;
                    default:
                        is_allowed = false;
                        break;
                }
                if (!is_allowed) {
                    fail(cat("unexpected event ", where));
                    return false;
                }
                // A limit disable happens in step 6: it holds from the next day's usage on.
                timeline.push_back({e.kind == EventKind::disable ? t.plus_days(1) : t, state, limit});
            }
        }
        if (disabled_from != kFar) count_disabled(c, disabled_from, end_);
        if (k != events.size()) {
            fail(cat(name(c), ": events left after the replay: ", next_text()));
            return false;
        }
        return true;
    }

    /// Whether an `ignored` event's reason holds in the state the action met (SPEC 3 step 5).
    static bool is_plausible_ignore(const Event& e, SubState state, bool is_awarded, bool is_forfeited,
                                    Date forfeit_day) {
        const ActionKind action = ActionKind(e.detail / 16);
        const bool is_limit =
            action == ActionKind::limit_off || action == ActionKind::limit_on || action == ActionKind::limit_period_off;
        switch (IgnoreReason(e.detail % 16)) {
            case IgnoreReason::not_awarded:
                return !is_awarded;
            case IgnoreReason::no_user:
                return is_awarded && action == ActionKind::redeem && state == SubState::none && !is_forfeited &&
                       e.day < forfeit_day;
            case IgnoreReason::not_redeemable:
                return is_awarded && action == ActionKind::redeem && state == SubState::none &&
                       (is_forfeited || e.day >= forfeit_day);
            case IgnoreReason::no_subscription:
                return is_awarded && (is_limit || action == ActionKind::convert) && state == SubState::none;
            case IgnoreReason::ended:
                return is_awarded && is_limit && (state == SubState::converted || state == SubState::disabled_term);
            case IgnoreReason::deleted:
                return is_awarded && (is_limit || action == ActionKind::convert) && state == SubState::deleted;
            case IgnoreReason::not_term_ended:
                return is_awarded && action == ActionKind::convert &&
                       (state == SubState::active || state == SubState::disabled_limit);
        }
        return false;
    }

    void check_disabled_days() {
        for (uint32_t p = 0; p < pop_.partners.size(); ++p)
            for (int m = 0; m < months_; ++m)
                if (billing(p, m).disabled_days != disabled_days_[size_t(p) * months_ + m])
                    fail(cat(pop_.partners[p].id, ' ', month_name(m), ": disabled_days ", billing(p, m).disabled_days,
                             " but the events give ", disabled_days_[size_t(p) * months_ + m]));
    }

    const StateEntry& state_at(uint32_t c, Date t) const {
        const auto& timeline = timeline_[c];
        auto it = std::upper_bound(timeline.begin(), timeline.end(), t,
                                   [](Date d, const StateEntry& e) { return d < e.from; });
        return *(it - 1);  // timeline[0] is the run's start
    }

    // ---- SPEC 3 step 6 (legacy), replayed per subscription-day ----------------------
    /// The legacy split of every subscription-day, from the states the events tell,
    /// the ledger's grants and the demand: it must give the ledger's `used`, the
    /// billing flows and the limit disables exactly. Covers "a disabled
    /// subscription serves nothing", "no credit serves outside its validity" and
    /// "PAYG overage only where the limit is not on".
    void check_legacy_usage() {
        std::vector<MoneyFlows> predicted(pop_.partners.size() * months_);
        std::vector<std::vector<Money>> row_used(pop_.credits.size());
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) row_used[c].resize(rows_of_[c].size());
        std::set<std::pair<uint32_t, int32_t>> predicted_disables;

        for (uint32_t s = 0; s < pop_.subscriptions.size(); ++s) {
            const uint32_t p = pop_.subscriptions[s].partner;
            const uint32_t c = pop_.subscriptions[s].credit;
            const auto& demand = demand_of_[s];
            size_t row = 0;
            long entered_row = -1;
            Money balance;
            for (size_t i = 0; i < demand.size();) {
                const Date t = demand[i]->day;
                Money covered, uncovered;
                for (; i < demand.size() && demand[i]->day == t; ++i)
                    (c != kNone && scope_covers(line(c).scope, demand[i]->category) ? covered : uncovered) +=
                        demand[i]->amount;
                MoneyFlows f;
                f.demand = covered + uncovered;
                if (c == kNone) {
                    f.payg_other = f.demand;
                } else {
                    const StateEntry& at = state_at(c, t);
                    switch (at.state) {
                        case SubState::none:
                        case SubState::deleted:
                        case SubState::disabled_limit:
                        case SubState::disabled_term:
                            f.unserved = f.demand;
                            break;
                        case SubState::converted:
                            f.payg_other = f.demand;
                            break;
                        case SubState::active: {
                            const auto& rows = rows_of_[c];
                            while (row < rows.size() && rows[row]->period_last_day < t) ++row;
                            if (row == rows.size() || rows[row]->period_start > t) {
                                fail(cat(name(c), ": active on ", t, " outside every ledger period"));
                                f.unserved = f.demand;
                                break;
                            }
                            if (long(row) != entered_row) {
                                entered_row = long(row);
                                balance = rows[row]->opening + rows[row]->granted;
                            }
                            const bool is_limit_on = at.limit == LimitState::on;
                            (is_limit_on ? f.unserved : f.payg_ineligible) += uncovered;
                            f.credit_used = min(covered, balance);
                            (is_limit_on ? f.unserved : f.payg_overage) += covered - f.credit_used;
                            if (is_limit_on && covered.is_positive() && f.credit_used == balance)
                                predicted_disables.insert({c, t.serial()});
                            balance -= f.credit_used;
                            row_used[c][row] += f.credit_used;
                            break;
                        }
                    }
                }
                predicted[size_t(p) * months_ + month_of(t)] += f;
            }
        }
        for (uint32_t c = 0; c < pop_.credits.size(); ++c)
            for (size_t r = 0; r < rows_of_[c].size(); ++r)
                if (rows_of_[c][r]->used != row_used[c][r])
                    fail(cat(name(c), " row ", rows_of_[c][r]->period_start, ": used ", rows_of_[c][r]->used,
                             " but the day-by-day replay draws ", row_used[c][r]));
        for (const auto& [c, serial] : predicted_disables)
            if (!spending_disables_.count({c, serial}))
                fail(cat(name(c), ": exhausted with the limit on on ", Date::from_serial(serial), " but not disabled"));
        for (const auto& [c, serial] : spending_disables_)
            if (!predicted_disables.count({c, serial}))
                fail(cat(name(c), ": disabled for its limit on ", Date::from_serial(serial),
                         " without being exhausted"));
        compare_billing(predicted, "legacy day-by-day replay");
    }

    void compare_billing(const std::vector<MoneyFlows>& predicted, const char* oracle) {
        for (uint32_t p = 0; p < pop_.partners.size(); ++p)
            for (int m = 0; m < months_; ++m)
                if (billing(p, m).flows != predicted[size_t(p) * months_ + m])
                    fail(cat(pop_.partners[p].id, ' ', month_name(m), ": billing {", flows_text(billing(p, m).flows),
                             "} but the ", oracle, " gives {", flows_text(predicted[size_t(p) * months_ + m]), "}"));
    }

    /// SPEC 9: PAYG overage only where the limit is not on. A partner whose
    /// credits never had the limit removed has no overage and no PAYG ineligible.
    void check_overage_needs_limit_off() {
        std::vector<uint8_t> had_limit_removed(pop_.partners.size(), 0);
        for (const Event& e : result_.events)
            if (e.kind == EventKind::limit && e.detail != uint32_t(LimitState::on)) had_limit_removed[e.partner] = 1;
        for (uint32_t p = 0; p < pop_.partners.size(); ++p) {
            if (had_limit_removed[p]) continue;
            for (int m = 0; m < months_; ++m)
                if (billing(p, m).flows.payg_overage.is_positive() || billing(p, m).flows.payg_ineligible.is_positive())
                    fail(cat(pop_.partners[p].id, ' ', month_name(m),
                             ": PAYG overage or ineligible without a limit ever off"));
        }
    }

    // ---- billing-profile flow ---------------------------------------------------------
    void check_pool_records() {
        if (notes_.billing_profile_actions_ignored != int64_t(history_.actions.size()))
            fail(cat("billing_profile: ", notes_.billing_profile_actions_ignored,
                     " actions noted as ignored, history has ", history_.actions.size()));
        for (const Event& e : result_.events)
            if (e.kind != EventKind::award && e.kind != EventKind::renew && e.kind != EventKind::leave &&
                e.kind != EventKind::expire)
                fail(cat("billing_profile has no such event: ", event_text(e)));
        for (uint32_t p = 0; p < pop_.partners.size(); ++p)
            for (int m = 0; m < months_; ++m) {
                const MoneyFlows& f = billing(p, m).flows;
                if (!f.unserved.is_zero() || !f.payg_other.is_zero() || billing(p, m).disabled_days != 0)
                    fail(cat(pop_.partners[p].id, ' ', month_name(m),
                             ": billing_profile with unserved, payg_other or disabled days"));
            }
    }

    /// The billing-profile split of every partner-day: subscriptions in id order,
    /// categories products, eligible, ineligible; each drawn from the partner's
    /// credits with a ledger period that day, narrowest scope first, then the
    /// burn order. Must give the ledger's `used` and the billing flows exactly.
    void check_pool_usage() {
        struct Pool {
            size_t row = 0;
            long entered = -1;
            Money balance;
        };
        std::vector<Pool> pools(pop_.credits.size());
        std::vector<std::vector<Money>> row_used(pop_.credits.size());
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) row_used[c].resize(rows_of_[c].size());
        std::vector<MoneyFlows> predicted(pop_.partners.size() * months_);
        std::vector<Date> end_day(pop_.credits.size());
        for (uint32_t c = 0; c < pop_.credits.size(); ++c) end_day[c] = end_day_from(c, award_day(c));

        auto is_live = [&](uint32_t c, Date t) {  // has a period containing t; sets its balance
            Pool& pool = pools[c];
            const auto& rows = rows_of_[c];
            while (pool.row < rows.size() && rows[pool.row]->period_last_day < t) ++pool.row;
            if (pool.row == rows.size() || rows[pool.row]->period_start > t) return false;
            if (long(pool.row) != pool.entered) {
                pool.entered = long(pool.row);
                pool.balance = rows[pool.row]->opening + rows[pool.row]->granted;
            }
            return true;
        };
        auto draws_first = [&](uint32_t a, uint32_t b) {
            const bool a_product = line(a).scope != kAzureScope, b_product = line(b).scope != kAzureScope;
            if (a_product != b_product) return a_product;
            const auto by_end = std::make_pair(end_day[a].serial(), a) < std::make_pair(end_day[b].serial(), b);
            switch (policy_.burn_order) {
                case BurnOrder::earliest_end_first:
                    return by_end;
                case BurnOrder::largest_balance_first:
                    return pools[a].balance != pools[b].balance ? pools[a].balance > pools[b].balance : by_end;
                case BurnOrder::monthly_first:
                    return is_bulk(a) != is_bulk(b) ? !is_bulk(a) : by_end;
            }
            return by_end;
        };
        auto category_rank = [](Category cat) { return cat >= kFirstProduct ? int(cat) - 1000 : int(cat); };

        for (size_t i = 0; i < history_.demand.size();) {
            const Demand& first = history_.demand[i];
            std::vector<const Demand*> group;
            for (; i < history_.demand.size() && history_.demand[i].day == first.day &&
                   history_.demand[i].subscription == first.subscription;
                 ++i)
                group.push_back(&history_.demand[i]);
            std::stable_sort(group.begin(), group.end(), [&](const Demand* a, const Demand* b) {
                return category_rank(a->category) < category_rank(b->category);
            });
            const uint32_t p = pop_.subscriptions[first.subscription].partner;
            const Partner& partner = pop_.partners[p];
            MoneyFlows f;
            for (const Demand* d : group) {
                f.demand += d->amount;
                if (d->category == kIneligible) {
                    f.payg_ineligible += d->amount;
                    continue;
                }
                std::vector<uint32_t> candidates;
                for (uint32_t n = 0; n < partner.credit_count; ++n) {
                    const uint32_t c = pop_.credits_by_partner[partner.first_credit + n];
                    if (is_live(c, d->day) && pools[c].balance.is_positive() &&
                        scope_covers(line(c).scope, d->category))
                        candidates.push_back(c);
                }
                std::sort(candidates.begin(), candidates.end(), draws_first);
                Money rest = d->amount;
                for (uint32_t c : candidates) {
                    const Money draw = min(rest, pools[c].balance);
                    pools[c].balance -= draw;
                    row_used[c][pools[c].row] += draw;
                    f.credit_used += draw;
                    rest -= draw;
                }
                f.payg_overage += rest;
            }
            predicted[size_t(p) * months_ + month_of(first.day)] += f;
        }
        for (uint32_t c = 0; c < pop_.credits.size(); ++c)
            for (size_t r = 0; r < rows_of_[c].size(); ++r)
                if (rows_of_[c][r]->used != row_used[c][r])
                    fail(cat(name(c), " row ", rows_of_[c][r]->period_start, ": used ", rows_of_[c][r]->used,
                             " but the burn-order replay draws ", row_used[c][r]));
        compare_billing(predicted, "burn-order replay");
    }

    const Population& pop_;
    const History& history_;
    const Policy& policy_;
    const Date start_, end_;
    const ReplicationResult& result_;
    const EngineNotes& notes_;
    const bool is_legacy_;
    const int months_;
    std::vector<std::vector<const LedgerRow*>> rows_of_;
    std::vector<std::vector<const Event*>> events_of_;
    std::vector<std::vector<const Demand*>> demand_of_;
    std::vector<std::vector<StateEntry>> timeline_;
    std::vector<int32_t> disabled_days_;
    std::set<std::pair<uint32_t, int32_t>> spending_disables_;
    std::vector<std::string> problems_;
    size_t dropped_ = 0;
};
}  // namespace

std::vector<std::string> invariant_problems(const Population& population, const History& history, const Policy& policy,
                                            Date start, Date end_day, const ReplicationResult& result,
                                            const EngineNotes& notes) {
    return InvariantChecker(population, history, policy, start, end_day, result, notes).check();
}

}  // namespace creditsim::testing
