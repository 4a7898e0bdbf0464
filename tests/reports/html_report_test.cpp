#include "reports/html/html_report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "app/report_tables.hpp"
#include "model/errors.hpp"
#include "reports/atomic_files.hpp"
#include "reports/csv_writer.hpp"
#include "reports/html/csv_table.hpp"
#include "reports/html/report_data.hpp"
#include "reports/summary_report.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim::html {
namespace {

using creditsim::testing::read_text;
using creditsim::testing::TempFolder;

// A name holding every kind of trouble: the end of a script element, an element,
// quotes, an ampersand and non-ASCII text.
const std::string kEvilName = "</script><b id=\"x\">\"Zürich\" & Co's €</b><!--";

/// The page, its CSV files read with the program's one CSV reader as the commands do.
std::string render(const FolderFiles& files) { return render_html_report(files, cli::report_rows_reader()); }

void write_file(const std::string& path, const std::string& text) {
    CsvWriter out(path);
    out.raw(text);
    out.close();
}

/// summary.csv with every column: two replications of two months, money in
/// granted/credit_used/lapsed/expired only (the rest 0).
std::string summary_csv() {
    std::string text = "replication,month";
    for (const SummaryColumn& column : summary_columns()) text += std::string(",") + column.name;
    text += "\n";
    const auto row = [&](int replication, const char* month, const char* granted, const char* used, const char* lapsed,
                         const char* expired) {
        std::string line = std::to_string(replication) + "," + month;
        for (const SummaryColumn& column : summary_columns()) {
            const std::string name = column.name;
            line += ",";
            line += name == "granted" ? granted : name == "credit_used" ? used : name == "lapsed" ? lapsed
                  : name == "expired" ? expired : column.is_money() ? "0.00" : "0";
        }
        text += line + "\n";
    };
    row(0, "2026-01", "100.00", "40.00", "0.00", "0.00");
    row(0, "2026-02", "100.00", "50.00", "60.00", "0.00");
    row(1, "2026-01", "100.00", "30.00", "0.00", "0.00");
    row(1, "2026-02", "100.00", "70.00", "70.00", "0.00");
    return text;
}

std::string manifest_csv(const std::string& name, const std::string& wall_time) {
    return "key,value\nversion,0.1.0\nscenario,x.ini\nname,\"" + std::regex_replace(name, std::regex("\""), "\"\"") +
           "\"\nseed,7\nreplications,2\ninput:catalog.csv,0123456789abcdef\nthreads,8\nranks,4\nwall_time_seconds," +
           wall_time + "\n";
}

FolderFiles run_folder(const TempFolder& folder, const std::string& name, const std::string& wall_time = "1.000") {
    write_file(folder / "summary.csv", summary_csv());
    write_file(folder / "manifest.csv", manifest_csv(name, wall_time));
    return files_in_folder(folder.path());
}

size_t count(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

/// The text of the data element: between its opening tag and the next "</script>".
std::string data_element(const std::string& page) {
    const std::string open = "<script type=\"application/json\" id=\"creditsim-data\">";
    const size_t start = page.find(open);
    if (start == std::string::npos) return "";
    const size_t content = start + open.size();
    return page.substr(content, page.find("</script>", content) - content);
}

TEST(HtmlReport, ANameWithMarkupStaysText) {
    TempFolder folder;
    const std::string page = render(run_folder(folder, kEvilName));
    // Only the page's own three script elements close: the name cannot end one.
    EXPECT_EQ(count(page, "</script>"), 3u);
    EXPECT_EQ(count(page, "<b id="), 0u) << "the name's element must not appear as markup";
    EXPECT_EQ(count(page, "<!--"), 0u);
    const std::string escaped = "&lt;/script&gt;&lt;b id=&quot;x&quot;&gt;&quot;Zürich&quot; &amp; Co&#39;s €&lt;/b&gt;&lt;!--";
    EXPECT_NE(page.find("<title>creditsim run: " + escaped + "</title>"), std::string::npos);
    EXPECT_NE(page.find("<h1>creditsim run: " + escaped + "</h1>"), std::string::npos);
    EXPECT_NE(page.find("<td>" + escaped + "</td>"), std::string::npos) << "the headline's name row";
    EXPECT_EQ(data_element(page).find('<'), std::string::npos) << "the JSON data holds no '<'";
}

TEST(HtmlReport, HeadlineHasMoneyWithCurrencyAndTheClosingBalance) {
    TempFolder folder;
    const std::string page = render(run_folder(folder, "baseline"));
    // Means of two replications: granted 200, used (90 + 100) / 2 = 95, lapsed 65, left 40.
    EXPECT_NE(page.find("<th scope=\"row\">credit granted (mean of 2 replications)</th><td>200.00 USD</td>"),
              std::string::npos);
    EXPECT_NE(page.find("<th scope=\"row\">credit used</th><td>95.00 USD</td>"), std::string::npos);
    EXPECT_NE(page.find("<th scope=\"row\">closing balance</th><td>40.00 USD</td>"), std::string::npos);
    for (const char* row : {"version", "seed", "name", "input:catalog.csv"})
        EXPECT_NE(page.find("<th scope=\"row\">" + std::string(row) + "</th>"), std::string::npos) << row;
    EXPECT_EQ(page.find(">threads<"), std::string::npos) << "not a property of the result";
    EXPECT_EQ(page.find(">ranks<"), std::string::npos) << "not a property of the result";
    EXPECT_EQ(page.find("wall_time"), std::string::npos);
}

TEST(HtmlReport, SelfContainedAndTheSameBytesForTheSameResults) {
    TempFolder first, second;
    const std::string page = render(run_folder(first, "baseline", "1.250"));
    EXPECT_EQ(page, render(run_folder(second, "baseline", "9.999")))
        << "wall time and threads are not in the page";
    EXPECT_NE(page.find("Chart.js v"), std::string::npos) << "Chart.js is inlined";
    EXPECT_NE(page.find("\"kind\":\"run\""), std::string::npos);
    for (const char* external : {" src=", "<link", "@import", "url("})
        EXPECT_EQ(page.find(external), std::string::npos) << external << ": nothing is loaded from elsewhere";
    EXPECT_EQ(page.find(first.path()), std::string::npos) << "no path of the folder in the page";
}

TEST(HtmlReport, CellsAreNumbersOrEscapedStrings) {
    TempFolder folder;
    write_file(folder / "sensitivity.csv",
               "key,lo,hi,metric,mean_lo,mean_hi,swing\n"
               "\"policy.x</script>\",-1,007,breakage,12.50,-0.5,13.00\n");
    const std::string data = data_element(render(files_in_folder(folder.path())));
    EXPECT_NE(data.find("[\"policy.x\\u003c/script\\u003e\",-1,\"007\",\"breakage\",12.50,-0.5,13.00]"),
              std::string::npos)
        << data << "\n(007 is not a JSON number: it stays text)";
}

TEST(HtmlReport, LedgerBecomesCountsPerMonthNotRows) {
    TempFolder folder;
    run_folder(folder, "replay");
    std::string ledger = "replication,partner_id,credit_id,kind,scope,period_start,period_end,opening,granted,used,"
                         "lapsed,expired,closing\n";
    for (int partner = 0; partner < 500; ++partner)
        ledger += "0,P" + std::to_string(partner) + ",C,monthly,azure,2026-01-05,2026-02-04,0.00,100.00," +
                  (partner % 2 ? "100.00,0.00" : "62.80,37.20") + ",0.00,0.00\n";
    write_file(folder / "ledger.csv", ledger);
    const std::string data = data_element(render(files_in_folder(folder.path())));
    EXPECT_NE(data.find("\"period_ends\":{\"columns\":[\"month\",\"used_up\",\"lapsed\",\"expired\"],"
                        "\"rows\":[[\"2026-02\",250,250,0]]}"),
              std::string::npos)
        << data;
    EXPECT_EQ(data.find("P499"), std::string::npos) << "no per-partner row in the page";
}

TEST(HtmlReport, CreditRunOutsAreAggregatedAndEscaped) {
    TempFolder folder;
    write_file(folder / "forecast.csv",
               "month,metric,kind,mean,p10,p50,p90\n2026-11,demand,actual,10.00,10.00,10.00,10.00\n"
               "2026-12,demand,forecast,12.00,11.00,12.00,13.00\n");
    std::string credits = "partner_id,credit_id,kind,scope,period_start,period_end,exhausted_share,exhausted_p10,"
                          "exhausted_p50,exhausted_p90,lapsed_mean,expired_mean,closing_mean,converted_share,"
                          "disabled_share,deleted_share\n";
    for (int k = 0; k < 100; ++k)
        credits += "P,C" + std::to_string(100 + k) + "</script>,monthly,azure,2026-12-01,2026-12-31,1,2026-12-10," +
                   "2026-12-" + std::to_string(11 + k % 20) + ",never,0.00,0.00,1.00,0,0,0\n";
    credits += "P,Z,bulk,azure,2026-12-01,2027-11-30,0,never,never,never,0.00,0.00,500.00,0,0,0\n";
    write_file(folder / "credits_forecast.csv", credits);
    const std::string page = render(files_in_folder(folder.path()));
    const std::string data = data_element(page);
    EXPECT_NE(data.find("\"run_out_months\":{\"columns\":[\"month\",\"credit_periods\"],\"rows\":[[\"2026-12\",100]]}"),
              std::string::npos);
    EXPECT_EQ(count(data, "\\u003c/script\\u003e"), 40u) << "the 40 earliest run-outs, their ids escaped";
    EXPECT_NE(data.find("[\"C100\\u003c/script\\u003e\",\"2026-12-01\",\"2026-12-31\",1,\"2026-12-10\",\"2026-12-11\""),
              std::string::npos)
        << "earliest first";
    EXPECT_NE(page.find("<td>12.00 USD</td>"), std::string::npos) << "demand over the forecast months";
    EXPECT_NE(page.find("<td>600.00 USD</td>"), std::string::npos) << "100 x 1.00 + 500.00 left on the credits";
}

// Issue 15: the page names the currency its reports name (a currency column, or the unit of
// a money row); a folder written before they named one is in USD.
TEST(HtmlReport, CurrencyComesFromTheReports) {
    struct Case {
        const char* file;
        std::string content;
        const char* currency;
    };
    const std::vector<Case> cases = {
        {"forecast.csv", "month,metric,kind,mean,p10,p50,p90,unit\n2026-11,demand,actual,10.00,10.00,10.00,10.00,EUR\n",
         "EUR"},
        {"compare.csv",
         "scenario,metric,period,mean,delta,ci_low,ci_high,rel_change,unit\nb,awarded,all,3,0,,,0,count\n"
         "b,breakage_rate,all,0.5,0,,,0,fraction\nb,granted,all,10.00,0.00,,,0,CHF\n",
         "CHF"},
        {"sensitivity.csv", "key,lo,hi,metric,mean_lo,mean_hi,swing,unit\nk,1,2,breakage_rate,0.1,0.2,0.1,fraction\n",
         "USD"},
        {"forecast.csv", "month,metric,kind,mean,p10,p50,p90\n2026-11,demand,actual,10.00,10.00,10.00,10.00\n", "USD"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.content);
        TempFolder folder;
        write_file(folder / c.file, c.content);
        const std::string page = render(files_in_folder(folder.path()));
        EXPECT_NE(page.find("<footer>Amounts in " + std::string(c.currency) + "."), std::string::npos);
        EXPECT_NE(data_element(page).find("\"currency\":\"" + std::string(c.currency) + "\""), std::string::npos);
    }
}

TEST(HtmlReport, KindFollowsTheCommandsOwnFile) {
    const std::vector<std::pair<std::vector<std::string>, const char*>> cases = {
        {{"summary.csv", "manifest.csv"}, "run"},
        {{"compare.csv"}, "compare"},
        {{"sweep.csv"}, "sweep"},
        {{"sensitivity.csv"}, "sensitivity"},
        {{"forecast.csv", "credits_forecast.csv", "manifest.csv"}, "forecast"},
        {{"backtest.csv", "backtest_months.csv", "manifest.csv"}, "backtest"},
    };
    for (const auto& [names, kind] : cases) {
        FolderFiles files;
        for (const std::string& name : names) files[name] = name;
        ASSERT_TRUE(detect_kind(files)) << kind;
        EXPECT_STREQ(to_string(*detect_kind(files)), kind);
    }
    EXPECT_FALSE(detect_kind({{"ledger.csv", "x"}, {"manifest.csv", "y"}}));
}

TEST(HtmlReport, MissingOrMalformedFilesAreNamed) {
    TempFolder folder;
    write_file(folder / "events.csv", "replication,day\n");
    try {
        render(files_in_folder(folder.path()));
        FAIL() << "no report file";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no summary.csv, compare.csv"), std::string::npos) << e.what();
    }
    write_file(folder / "summary.csv", "replication,month,demand\n0,2026-01,1.00\n");
    try {
        render(files_in_folder(folder.path()));
        FAIL() << "summary.csv lacks columns";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "summary.csv: expected a column 'granted'");
    }
    write_file(folder / "summary.csv", "replication,month\n0\n");
    try {
        render(files_in_folder(folder.path()));
        FAIL() << "a short row";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), folder / "summary.csv" + ":2: expected 2 fields as in the header; got 1");
    }
}

TEST(HtmlReport, CsvTableReadsQuotedFields) {
    TempFolder folder;
    write_file(folder / "t.csv", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n");
    const CsvTable table = read_csv_table(cli::report_rows_reader(), folder / "t.csv", "t.csv");
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0], (std::vector<std::string>{"x,y", "say \"hi\""}));
    EXPECT_EQ(table.rows[1], (std::vector<std::string>{"two\nlines", ""}));
}

TEST(HtmlReport, StagedWithTheOtherFilesAndPublishedTogether) {
    TempFolder folder;
    {
        StagedFolder staged(folder.path());
        write_staged_csv(staged, "summary.csv", [](CsvWriter& out) { out.raw(summary_csv()); });
        write_staged_csv(staged, "manifest.csv", [](CsvWriter& out) { out.raw(manifest_csv("staged", "1")); });
        stage_html_report(staged, cli::report_rows_reader());
        EXPECT_FALSE(std::filesystem::exists(folder / "report.html")) << "nothing before publish";
        staged.publish();
    }
    const std::string page = read_text(folder / "report.html");
    EXPECT_NE(page.find("<h1>creditsim run: staged</h1>"), std::string::npos);
    EXPECT_EQ(page, render(files_in_folder(folder.path())))
        << "rendered from staged files = rendered again from the published ones";
    {
        // A set without the page removes an earlier one: the folder never shows an older run's page.
        StagedFolder staged(folder.path());
        write_staged_csv(staged, "summary.csv", [](CsvWriter& out) { out.raw(summary_csv()); });
        publish_with_html_report(staged, false, cli::report_rows_reader());
    }
    EXPECT_FALSE(std::filesystem::exists(folder / "report.html"));
}

TEST(HtmlReport, PartOfTheReportSetWhenSelected) {
    using namespace creditsim::testing;
    TempFolder folder;
    const Population population = tiny_population();
    std::vector<ReplicationResult> replications;
    for (int r = 0; r < 2; ++r) replications.push_back(empty_result(r, day(2026, 1, 1), 2, 2));
    ReportSelection selection;
    selection.html = true;
    selection.read_rows_back = cli::report_rows_reader();
    const auto paths =
        write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 3, 1)), selection);
    ASSERT_FALSE(paths.empty());
    EXPECT_EQ(paths.back(), folder / "report.html") << "published with the set, last";
    EXPECT_EQ(read_text(folder / "report.html"), render(files_in_folder(folder.path())));
    selection.html = false;
    write_reports(folder.path(), inputs_for(population, replications, day(2026, 1, 1), day(2026, 3, 1)), selection);
    EXPECT_FALSE(std::filesystem::exists(folder / "report.html")) << "an earlier page goes with the earlier set";
}

}  // namespace
}  // namespace creditsim::html
