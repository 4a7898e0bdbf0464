// The one CSV reader (sim/inputs/csv/csv_records.hpp): records as RFC 4180
// has them, their lines and byte offsets, and the problems it reports, table-driven;
// then records across the reader's 1 MiB chunks.
#include "sim/inputs/csv/csv_records.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/support/sha256.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/problem_texts.hpp"

namespace creditsim::csv {
namespace {

/// What a file reads as: its header, every record with its line and offset, and the problems.
struct Read {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> records;
    std::vector<std::pair<int, uint64_t>> starts;  ///< (line, byte offset) of each record
    std::vector<std::string> problems;
};

Read read(const std::string& path, const std::filesystem::path& dir, ReadOptions options = {}) {
    ProblemList problems;
    Read result;
    {
        CsvRecords records(path, problems, options);
        result.header = records.header();
        while (records.next()) {
            auto& record = result.records.emplace_back();
            for (size_t i = 0; i < records.header().size(); ++i) record.emplace_back(records.field(i));
            result.starts.emplace_back(records.line(), records.offset());
        }
        records.finish();
    }
    if (!problems.empty()) result.problems = testing::problem_texts(InputError(problems.problems()), dir);
    return result;
}

struct Case {
    const char* what;
    std::string text;
    std::vector<std::vector<std::string>> records;
    std::vector<std::pair<int, uint64_t>> starts;
    std::vector<std::string> problems;
};

using Rows = std::vector<std::vector<std::string>>;
using Starts = std::vector<std::pair<int, uint64_t>>;
using Texts = std::vector<std::string>;

const std::vector<Case>& cases() {
    static const std::vector<Case> kCases = {
        {"plain", "a,b\n1,2\n3,4\n", Rows{{"1", "2"}, {"3", "4"}}, Starts{{2, 4}, {3, 8}}, {}},
        {"BOM, CRLF, blank lines, blanks around fields", "\xEF\xBB\xBF" "a,b\r\n\r\n  \t\r\n 1 ,\t2\r\n",
         Rows{{"1", "2"}}, Starts{{4, 15}}, {}},
        {"quotes: commas, doubled quotes, line breaks (LF and CRLF kept inside)",
         "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\"cr\r\nlf\"\n3,4\n",
         Rows{{"x,y", "say \"hi\""}, {"two\nlines", "cr\r\nlf"}, {"3", "4"}}, Starts{{2, 4}, {3, 23}, {6, 44}}, {}},
        {"a quoted empty field is a record, not a blank line", "a\n\"\"\n", Rows{{""}}, Starts{{2, 2}}, {}},
        {"a complete last line without its line end", "a,b\n1,2", Rows{{"1", "2"}}, Starts{{2, 4}}, {}},
        {"a last line cut short", "a,b,c\n1,2,3\n4,5", Rows{{"1", "2", "3"}}, Starts{{2, 6}},
         Texts{"{dir}/f.csv:3: the last line is cut short: 2 of 3 fields (is the file complete?)"}},
        {"wrong field counts are skipped", "a,b\n1\n1,2,3\n5,6\n", Rows{{"5", "6"}}, Starts{{4, 12}},
         Texts{"{dir}/f.csv:2: expected 2 fields as in the header; got 1",
               "{dir}/f.csv:3: expected 2 fields as in the header; got 3 (quote a field that contains a comma)"}},
        {"text after a closing quote", "a,b\n\"x\"y,2\n3,4\n", Rows{{"3", "4"}}, Starts{{3, 11}},
         Texts{"{dir}/f.csv:2: column 'a': expected ',' or the end of the record after the closing '\"' of a quoted "
               "field (a quote inside a quoted field is written \"\")"}},
        {"an unclosed quote ends the file", "a,b\n1,2\n3,\"4\n5,6\n", Rows{{"1", "2"}}, Starts{{2, 4}},
         Texts{"{dir}/f.csv:3: column 'b': expected a closing '\"' for the quoted field that starts on this line; the "
               "file ended first"}},
        {"bytes that are not UTF-8 end the file; the records before them are read", "a,b\n1,2\n3,\xFF\n5,6\n",
         Rows{{"1", "2"}}, Starts{{2, 4}},
         Texts{"{dir}/f.csv:3: expected UTF-8 text; got the byte 0xFF at byte offset 10, which is not UTF-8 (save the "
               "file as UTF-8); the rest of the file is not read"}},
        {"UTF-8 cut at the end of the file", "a,b\n1,\xE2\x82", Rows{}, Starts{},
         Texts{"{dir}/f.csv:2: expected UTF-8 text; got the byte 0xE2 at byte offset 6, which is not UTF-8 (save the "
               "file as UTF-8); the rest of the file is not read"}},
        {"UTF-16 with its byte order mark", std::string("\xFE\xFF\0a\0,\0b", 8), Rows{}, Starts{},
         Texts{"{dir}/f.csv: the file looks like UTF-16; save it as UTF-8"}},
    };
    return kCases;
}

TEST(CsvRecords, ReadsRecordsAsRfc4180HasThem) {
    testing::TempDir dir;
    for (const Case& c : cases()) {
        const Read got = read(dir.write("f.csv", c.text), dir.path());
        EXPECT_EQ(got.records, c.records) << c.what;
        EXPECT_EQ(got.starts, c.starts) << c.what;
        EXPECT_EQ(got.problems, c.problems) << c.what;
    }
}

TEST(CsvRecords, ReportFilesAreReadExactlyWhenAsked) {
    testing::TempDir dir;
    const Read got = read(dir.write("f.csv", "a, b\n x ,\" y \"\n"), dir.path(), ReadOptions{.trim_fields = false});
    EXPECT_EQ(got.header, (std::vector<std::string>{"a", " b"}));
    EXPECT_EQ(got.records, (Rows{{" x ", " y "}}));
}

TEST(CsvRecords, EmptyFilesFoldersAndMissingFilesAreToldApart) {
    testing::TempDir dir;
    ProblemList problems;
    CsvRecords empty(dir.write("empty.csv", "\n \n"), problems);
    EXPECT_TRUE(empty.is_open());
    EXPECT_TRUE(empty.is_empty()) << "blank lines only: the caller says which header it expected";
    EXPECT_TRUE(problems.empty());
    std::filesystem::create_directory(dir.path() / "folder.csv");
    CsvRecords folder((dir.path() / "folder.csv").string(), problems);
    CsvRecords missing((dir.path() / "missing.csv").string(), problems);
    EXPECT_FALSE(folder.is_empty());
    EXPECT_FALSE(missing.is_open());
    EXPECT_EQ(testing::problem_texts(InputError(problems.problems()), dir.path()),
              (Texts{"{dir}/folder.csv: is a directory; expected a CSV file",
                     "{dir}/missing.csv: cannot open the file: No such file or directory"}));
}

TEST(CsvRecords, ProblemsBeyondTheLimitAreCounted) {
    testing::TempDir dir;
    const Read got = read(dir.write("f.csv", "a,b\n1\n2\n3\n"), dir.path(), ReadOptions{.max_problems = 2});
    EXPECT_EQ(got.problems, (Texts{"{dir}/f.csv:2: expected 2 fields as in the header; got 1",
                                   "{dir}/f.csv:3: expected 2 fields as in the header; got 1",
                                   "{dir}/f.csv: ... and 1 more problems in this file"}));
}

// Records, quoted fields and UTF-8 sequences cut by the 1 MiB chunks the reader reads:
// every byte offset of the boundary falls inside one of them once.
TEST(CsvRecords, RecordsAcrossChunksAreWholeWithTheirLinesAndOffsets) {
    testing::TempDir dir;
    std::string text = "id,note\n";
    std::vector<std::vector<std::string>> expected;
    Starts starts;
    int line = 2;
    for (int i = 0; text.size() < (size_t(3) << 20) + 4096; ++i) {
        const std::string note = i % 3 == 0 ? "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80" : i % 3 == 1 ? "two\nlines \"q\"" : "";
        std::string quoted = "\"";
        for (char c : note) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += "\"";
        starts.emplace_back(line, text.size());
        text += std::to_string(i) + "," + quoted + (i % 2 ? "\r\n" : "\n");
        expected.push_back({std::to_string(i), note});
        line += 1 + int(std::count(note.begin(), note.end(), '\n'));
    }
    const Read got = read(dir.write("big.csv", text), dir.path(), ReadOptions{.hash_bytes = true});
    EXPECT_TRUE(got.problems.empty()) << got.problems.front();
    ASSERT_EQ(got.records.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(got.records[i], expected[i]) << "record " << i;
        ASSERT_EQ(got.starts[i], starts[i]) << "record " << i;
    }
}

TEST(CsvRecords, HashesEveryByteWhateverIsParsed) {
    testing::TempDir dir;
    ProblemList problems;
    // The bad byte stops the parser; the hash still covers the rest (`sha256sum` of the file).
    const std::string path = dir.write("f.csv", "a\n1\n\xFF rest");
    CsvRecords records(path, problems, ReadOptions{.hash_bytes = true});
    while (records.next()) {
    }
    EXPECT_EQ(records.finish_hash(), "c063a654979d9bc5ccc83d958f7f208ad527b266aab5bedd64db011e8e4c7b80");
}

TEST(CsvRecords, HashesAFileOfManyChunksReadOnlyInPart) {
    testing::TempDir dir;
    std::string text = "id,note\n";
    for (int i = 0; text.size() < (size_t(5) << 20) / 2; ++i) text += std::to_string(i) + ",n\xC3\xA9 " + std::to_string(i * 7) + "\n";
    const std::string path = dir.write("big.csv", text);
    for (int parsed : {0, 3, 1 << 30}) {  // records parsed before the rest is hashed
        ProblemList problems;
        CsvRecords records(path, problems, ReadOptions{.hash_bytes = true});
        for (int r = 0; r < parsed && records.next(); ++r) {
        }
        EXPECT_EQ(records.finish_hash(), sha256_hex(text)) << parsed << " records parsed";
    }
}

TEST(CsvRecords, AFileThatCannotBeOpenedHasNoHash) {
    testing::TempDir dir;
    ProblemList problems;
    CsvRecords records((dir.path() / "missing.csv").string(), problems, ReadOptions{.hash_bytes = true});
    EXPECT_EQ(records.finish_hash(), "");
}

}  // namespace
}  // namespace creditsim::csv
