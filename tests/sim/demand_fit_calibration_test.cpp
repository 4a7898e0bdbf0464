// Calibration of the demand model's monthly intervals on histories it did not generate
// (tests/support/portfolio_history.hpp: persistent AR(1) shocks, steps, gaps, late starts, a smooth
// yearly cycle), backtested at 6 and 12 months on the portfolios' monthly totals: the p10-p90 band
// must hold 75-85 % of the held-out months, and the mean must stay ahead of the seasonal naive
// forecast on MASE (scaled by the in-sample seasonal naive MAE, first partial month dropped).
//
// With CREDITSIM_CALIBRATION_OUT=FILE the held-out and fitted months are written to FILE as CSV for
// scripts/forecast-calibration (R's ets() on the same months); CREDITSIM_CALIBRATION_PORTFOLIOS=N
// changes the number of portfolios (40 by default). docs/FORECAST.md records the figures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <string>
#include <vector>

#include "tests/support/portfolio_backtest.hpp"

namespace creditsim {
namespace {

using testing::backtest_portfolio;
using testing::make_portfolio_history;
using testing::PortfolioBacktest;

constexpr int kPaths = 100;

int portfolio_count() {
    const char* text = std::getenv("CREDITSIM_CALIBRATION_PORTFOLIOS");
    return text ? std::max(1, std::atoi(text)) : 40;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

struct Scores {
    std::vector<int> inside_by_horizon;
    int inside = 0, below = 0, months = 0;
    std::vector<double> mase, mase_seasonal_naive;
};

void write_rows(std::ofstream& out, int portfolio, int holdout, const PortfolioBacktest& b) {
    for (size_t k = 0; k < b.fitted_totals.size(); ++k)
        out << portfolio << ',' << holdout << ",fit," << k + 1 << ',' << b.fitted_totals[k] << ",,,\n";
    for (size_t h = 0; h < b.months.size(); ++h) {
        const auto& m = b.months[h];
        out << portfolio << ',' << holdout << ",held," << h + 1 << ',' << m.actual << ',' << m.mean << ',' << m.p10
            << ',' << m.p90 << '\n';
    }
}

TEST(DemandCalibration, MonthlyBandsHoldEightyPercentOnIndependentPortfolios) {
    const int portfolios = portfolio_count();
    const char* out_path = std::getenv("CREDITSIM_CALIBRATION_OUT");
    std::ofstream out;
    if (out_path) {
        out.open(out_path);
        out << std::fixed << std::setprecision(0);  // whole cents
        out << "portfolio,holdout,kind,month,actual,mean,p10,p90\n";
    }
    for (const int holdout : {6, 12}) {
        Scores s;
        s.inside_by_horizon.assign(size_t(holdout), 0);
        for (int p = 0; p < portfolios; ++p) {
            const PortfolioBacktest b = backtest_portfolio(make_portfolio_history(uint32_t(p)), holdout, kPaths);
            if (out_path) write_rows(out, p, holdout, b);
            const std::vector<double>& fit = b.fitted_totals;
            double error = 0, naive_error = 0;
            for (int h = 0; h < holdout; ++h) {
                const auto& m = b.months[size_t(h)];
                const bool inside = m.p10 <= m.actual && m.actual <= m.p90;
                s.inside += inside;
                s.inside_by_horizon[size_t(h)] += inside;
                s.below += m.actual < m.p10;
                ++s.months;
                error += std::fabs(m.mean - m.actual);
                const double seasonal_naive = fit[fit.size() - 12 + size_t(h % 12)];
                naive_error += std::fabs(seasonal_naive - m.actual);
            }
            ASSERT_GT(b.mase_scale, 0) << "portfolio " << p;
            s.mase.push_back(error / holdout / b.mase_scale);
            s.mase_seasonal_naive.push_back(naive_error / holdout / b.mase_scale);
        }
        double mase = 0, naive = 0;
        for (double v : s.mase) mase += v / portfolios;
        for (double v : s.mase_seasonal_naive) naive += v / portfolios;
        const double coverage = double(s.inside) / s.months;
        std::printf("[calibration] %d portfolios, %d months ahead: p10-p90 holds %.3f (below p10 %.3f); "
                    "MASE %.3f / %.3f (mean / median), seasonal naive %.3f / %.3f; by horizon month:",
                    portfolios, holdout, coverage, double(s.below) / s.months, mase, median(s.mase), naive,
                    median(s.mase_seasonal_naive));
        for (int h = 0; h < holdout; ++h) std::printf(" %.2f", double(s.inside_by_horizon[size_t(h)]) / portfolios);
        std::printf("\n");
        EXPECT_GE(coverage, 0.75) << holdout << " months";
        EXPECT_LE(coverage, 0.85) << holdout << " months";
        EXPECT_LT(mase, naive) << holdout << " months";
        EXPECT_LT(median(s.mase), median(s.mase_seasonal_naive)) << holdout << " months";
    }
}

}  // namespace
}  // namespace creditsim
