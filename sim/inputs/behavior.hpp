#pragma once
// The behaviour model of generated populations (SPEC 7, `[behavior]`): the
// distributions partners draw from. Every field is a declared scenario key
// (sim/inputs/scenario_keys.cpp) with this default; docs/behavior.md says what each models.

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace creditsim {

struct Behavior {
    // Membership.
    int join_window_months = 12;       ///< joins spread uniformly over the run's first N months
    double renewal_probability = 0.8;  ///< chance to renew at each anniversary

    // Users.
    double users_mean = 3.0;           ///< users per partner: 1 + Poisson(users_mean - 1)
    double free_hosted_share = 0.1;    ///< share of users with a free-hosted e-mail domain

    // Assignment and redemption.
    double assign_delay_mean_days = 14;     ///< award -> first assign, exponential
    double redeem_delay_mean_days = 10;     ///< assign -> redeem, exponential
    double never_assigned_share = 0.05;     ///< credits never assigned (forfeited)
    double never_redeemed_share = 0.05;     ///< assigned credits never redeemed (forfeited)
    double reassignments_per_year = 0.5;    ///< staff turnover: user changes per monthly credit per year (Poisson)

    // Daily usage of a credit subscription, relative to the credit's daily value
    // (monthly amount / 30, or bulk amount / 365).
    double usage_intensity_median = 0.8;    ///< partner scale: lognormal median across partners
    double usage_intensity_sigma = 0.7;     ///< partner scale: lognormal sigma
    double idle_share = 0.15;               ///< partners that barely use anything
    double idle_intensity = 0.02;           ///< their intensity
    double monthly_growth = 0.02;           ///< usage growth per month since activation
    std::array<double, 7> weekday_factors = {1.15, 1.15, 1.15, 1.15, 1.1, 0.7, 0.6};  ///< Monday..Sunday
    double daily_noise_sigma = 0.35;        ///< day-to-day lognormal noise (mean 1)
    double ineligible_share = 0.05;         ///< share of usage no credit pays for
    int migration_ramp_days = 14;           ///< workloads move onto a new subscription over this many days

    // After exhaustion with the limit on.
    double limit_removal_probability = 0.3;  ///< chance to remove the limit after a disable
    double limit_removal_delay_mean_days = 3;  ///< delay, exponential
    double limit_period_only_share = 0.5;    ///< of those, share using period_off rather than off

    // At term end.
    double conversion_probability = 0.4;     ///< chance a redeemed credit's partner wants PAYG after the term
    double conversion_lead_days_mean = 12;   ///< limit set off this many days before the end day (exponential; some too late)
    double late_convert_share = 0.25;        ///< of converters, share that instead convert after the end day
    double late_convert_delay_mean_days = 40;  ///< days after the end day for those (some after deletion)
};

}  // namespace creditsim
