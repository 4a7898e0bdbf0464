#include "reports/csv_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

#include "model/errors.hpp"
#include "tests/reports/report_fixture.hpp"

namespace creditsim {
namespace {

using testing::day;
using testing::read_text;
using testing::TempFolder;
using testing::usd;

TEST(CsvQuote, QuotesOnlyWhatRfc4180Requires) {
    struct Case {
        const char* field;
        const char* expected;
        const char* why;
    };
    const Case cases[] = {
        {"plain", "plain", "no special character"},
        {"", "", "empty stays empty"},
        {" spaced ", " spaced ", "spaces are data, not a reason to quote"},
        {"a,b", "\"a,b\"", "comma"},
        {"say \"hi\"", "\"say \"\"hi\"\"\"", "quotes are doubled"},
        {"two\nlines", "\"two\nlines\"", "line feed"},
        {"cr\r", "\"cr\r\"", "carriage return"},
    };
    for (const auto& c : cases) EXPECT_EQ(csv_quote(c.field), c.expected) << c.why;
}

TEST(CsvWriter, WritesFieldsSeparatedAndRowsEndedByLineFeed) {
    TempFolder folder;
    const std::string path = folder / "out.csv";
    CsvWriter out(path);
    out.raw("a,b,c,d,e,f,g\n");
    out.integer(0)
        .text("P1")
        .money(usd(123450))
        .date(day(2026, 2, 9))
        .month(month_key(day(2026, 11, 30)))
        .empty()
        .text("x,y")
        .end_row();
    out.integer(-42)
        .text("")
        .money(usd(-5))
        .date(day(999, 1, 1))
        .month(month_key(day(2027, 1, 1)))
        .empty()
        .integer(std::numeric_limits<int64_t>::min())
        .end_row();
    out.empty().empty().end_row();
    out.close();
    EXPECT_EQ(read_text(path),
              "a,b,c,d,e,f,g\n"
              "0,P1,1234.50,2026-02-09,2026-11,,\"x,y\"\n"
              "-42,,-0.05,0999-01-01,2027-01,,-9223372036854775808\n"
              ",\n");
}

// Issue 14 item 6: an empty view may have a null data(); memcpy(out, nullptr, 0) is undefined
// behaviour (UBSan: "null pointer passed as argument 2"). Caught by a -fsanitize=undefined build.
TEST(CsvWriter, EmptyViewsWithANullPointerWriteNothing) {
    TempFolder folder;
    const std::string path = folder / "out.csv";
    CsvWriter out(path);
    out.raw(std::string_view()).text(std::string_view()).text(std::string_view()).end_row();
    out.close();
    EXPECT_EQ(read_text(path), ",\n");
}

TEST(CsvWriter, OutputLargerThanTheBufferComesOutWhole) {
    TempFolder folder;
    const std::string path = folder / "big.csv";
    std::string expected;
    {
        CsvWriter out(path);
        for (int64_t i = 0; i < 200000; ++i) {
            out.integer(i).money(usd(i * 7 - 3)).text("P" + std::to_string(i % 97)).end_row();
            expected += std::to_string(i) + "," + usd(i * 7 - 3).to_string() + ",P" + std::to_string(i % 97) + "\n";
        }
        const std::string huge(CsvWriter::kBufferBytes + 17, 'z');  // one field larger than the buffer
        out.text(huge).text("tail").end_row();
        expected += huge + ",tail\n";
        out.close();
    }
    ASSERT_GT(expected.size(), 2 * CsvWriter::kBufferBytes);
    const std::string actual = read_text(path);
    EXPECT_EQ(actual.size(), expected.size());
    EXPECT_TRUE(actual == expected) << "the bytes differ";
}

TEST(CsvWriter, CreateFailureNamesThePathAndTheReason) {
    TempFolder folder;
    const std::string path = folder / "missing/out.csv";
    try {
        CsvWriter out(path);
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot create '" + path + "': " + std::generic_category().message(ENOENT));
    }
}

TEST(CsvWriter, WriteFailureNamesThePathAndTheReason) {
    // /dev/full accepts the open and refuses every write with ENOSPC.
    if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
    CsvWriter out("/dev/full");
    out.text("row").end_row();
    try {
        out.close();
        FAIL() << "expected an Error";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot write '/dev/full': " + std::generic_category().message(ENOSPC));
    }
}

}  // namespace
}  // namespace creditsim
