// report.html in a real browser: headless Chromium opens the report of the
// baseline, a compare, a sweep and a forecast from the file system (as an
// e-mail attachment would be), and the test fails on any console error or
// uncaught exception and on any chart that did not draw: every figure needs a
// Chart.js chart on a sized canvas with data points and painted data pixels.
// A screenshot of each page is left in build/browser-test/ for a person to look at.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "tests/browser/devtools_browser.hpp"
#include "tests/cli/cli_support.hpp"

namespace creditsim::testing {
namespace {

namespace fs = std::filesystem;

// Evaluated in the page once it has loaded: "" when every chart drew, else one line per problem.
// "Data ink" is a saturated pixel: grid lines and text are grey, every data colour is not.
const char* const kCheckCharts = R"js((() => {
  const problems = [];
  if (typeof Chart === "undefined") return "Chart.js is not loaded";
  if (performance.getEntriesByType("resource").length > 0)
    problems.push("the page loaded other resources: it must be self-contained");
  if (document.querySelectorAll("table.headline tr").length < 3) problems.push("the headline table is missing");
  const figures = [...document.querySelectorAll("figure.chart")];
  if (figures.length === 0) problems.push("no chart in the page");
  figures.forEach((figure) => {
    const name = (figure.querySelector("figcaption") || {}).textContent || "a chart";
    const canvas = figure.querySelector("canvas");
    if (!canvas) { problems.push(name + ": no canvas"); return; }
    const chart = Chart.getChart(canvas);
    if (!chart) { problems.push(name + ": no Chart.js chart on its canvas"); return; }
    if (canvas.width < 100 || canvas.height < 100) problems.push(name + ": canvas " + canvas.width + "x" + canvas.height);
    let points = 0;
    chart.data.datasets.forEach((d, i) => {
      points += chart.getDatasetMeta(i).data.filter((e) => !e.skip && Number.isFinite(e.x) && Number.isFinite(e.y)).length;
    });
    if (points === 0) problems.push(name + ": no data point drawn");
    const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let k = 0; k < pixels.length; k += 4) {
      if (pixels[k + 3] < 128) continue;
      const r = pixels[k], g = pixels[k + 1], b = pixels[k + 2];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) ++ink;
    }
    if (ink < 200) problems.push(name + ": blank (" + ink + " data pixels)");
  });
  return problems.join("\n");
})())js";

struct Case {
    const char* name;
    std::string command;  ///< creditsim arguments before --out
    int min_charts;
    std::string heading = "";  ///< when set: the page's <h1> text, exactly
};

/// The baseline's page stays small enough to mail (the issue's bound).
constexpr std::uintmax_t kMaxBaselineBytes = 2 * 1024 * 1024;

void render_in_browser(const Case& c) {
    const fs::path out = fs::path(CREDITSIM_BROWSER_OUTPUT_DIR) / c.name;
    fs::remove_all(out);
    fs::create_directories(out);
    const fs::path reports = out / "reports";
    const CommandResult made = run_creditsim(c.command + " --threads 2 --out '" + reports.string() + "'");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const fs::path page = fs::absolute(reports / "report.html");
    ASSERT_TRUE(fs::exists(page)) << made.err;
    if (std::string(c.name) == "baseline") {
        EXPECT_LT(fs::file_size(page), kMaxBaselineBytes);
        std::cerr << "baseline report.html: " << fs::file_size(page) << " bytes\n";
    }
    const std::optional<std::string> chromium = find_chromium();
    if (!chromium) {
        if (std::getenv("CREDITSIM_REQUIRE_BROWSER"))
            FAIL() << "CREDITSIM_REQUIRE_BROWSER is set but Chromium is missing (scripts/setup installs it)";
        GTEST_SKIP() << "Chromium is not installed (apt-get install chromium, or run scripts/setup): "
                        "report.html is not checked in a browser";
    }

    const auto started = std::chrono::steady_clock::now();
    DevtoolsBrowser browser(*chromium, out / "chromium.log");
    const std::string session = browser.open("file://" + page.string(), 1280, 900);
    const std::string problems = browser.evaluate(session, kCheckCharts);
    const int charts = std::stoi(browser.evaluate(session, "String(document.querySelectorAll('figure.chart').length)"));
    browser.screenshot(session, out / (std::string(c.name) + ".png"));
    for (const std::string& error : browser.console_errors(session)) ADD_FAILURE() << c.name << ": " << error;
    EXPECT_EQ(problems, "") << c.name;
    EXPECT_GE(charts, c.min_charts) << c.name;
    if (!c.heading.empty()) {
        EXPECT_EQ(browser.evaluate(session, "document.querySelector('h1').textContent"), c.heading);
        EXPECT_EQ(browser.evaluate(session, "String(document.querySelectorAll('b, #x').length)"), "0")
            << "markup in the name became elements";
    }
    std::cerr << c.name << ": " << charts << " charts checked in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
              << " s; screenshot " << (out / (std::string(c.name) + ".png")).string() << "\n";
}

const std::string kSmall = " --set population.partners=300 --set run.months=12 --replications 4";

TEST(HtmlReportInBrowser, Baseline) {
    render_in_browser({"baseline", "run scenarios/baseline.ini", 5});
}

TEST(HtmlReportInBrowser, Compare) {
    render_in_browser({"compare",
                       "compare scenarios/baseline.ini scenarios/whatif/validity-12.ini "
                       "scenarios/whatif/carry-forward-25.ini" + kSmall,
                       2});
}

TEST(HtmlReportInBrowser, Sweep) {
    render_in_browser({"sweep",
                       "sweep scenarios/baseline.ini --vary policy.validity_months=6,12,18 "
                       "--vary policy.max_reassignments=1,3 --vary policy.carry_forward=0,0.5" + kSmall,
                       2});
}

TEST(HtmlReportInBrowser, Forecast) {
    render_in_browser({"forecast", "forecast scenarios/forecast/scenario.ini --as-of 2026-11-25 --horizon 12", 8});
}

// Not in the issue's list, but cheap: the other two kinds, a sweep of one key (a line, not
// a map), and a replay (ledger.csv present)
// whose name holds markup, quotes and non-ASCII text: it must show as that text.
TEST(HtmlReportInBrowser, SensitivityBacktestAndOneKeySweep) {
    render_in_browser({"sweep-one-key", "sweep scenarios/baseline.ini --vary policy.validity_months=6,12,18" + kSmall, 1});
    render_in_browser({"sensitivity",
                       "sensitivity scenarios/baseline.ini --vary policy.validity_months=6,24 "
                       "--vary policy.notice_days=0,30" + kSmall,
                       1});
    render_in_browser({"backtest", "backtest scenarios/forecast/scenario.ini --holdout 3", 6});
}

TEST(HtmlReportInBrowser, ReplayWithMarkupInItsName) {
    const std::string name = "</script><b id=\"x\">\"Zürich\" & Co's €</b>";
    std::string shell_quoted = "'";  // the name in single quotes for sh, each ' as '\\''
    for (const char c : "run.name=" + name) shell_quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    shell_quoted += "'";
    render_in_browser({"replay", "run scenarios/replay/scenario.ini --set " + shell_quoted, 5,
                       "creditsim run: " + name});
}

}  // namespace
}  // namespace creditsim::testing
