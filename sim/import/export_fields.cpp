// Fields of cost exports: signed amounts (plain or with an exponent, parsed
// exactly), dates in the two ways Azure writes them, product names.
#include <cctype>

#include "sim/import/cost_export.hpp"

namespace creditsim {
namespace {

/// A negative exponent beyond this is no cost (a positive one is bounded by the size check).
constexpr int kMaxExponent = 400;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// digits of a one- or two-digit number at text, or -1.
int small_number(std::string_view text) {
    return text.size() <= 2 ? detail::parse_whole_number(text, 0, 99).value_or(-1) : -1;
}

}  // namespace

std::optional<ExportFormat> parse_export_format(std::string_view name) {
    if (name == "azure-cost") return ExportFormat::azure_cost;
    if (name == "focus") return ExportFormat::focus;
    return std::nullopt;
}

std::optional<Decimal> parse_export_amount(std::string_view text) {
    bool is_negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        is_negative = text.front() == '-';
        text.remove_prefix(1);
    }
    DecimalError error;
    const size_t e = text.find_first_of("eE");
    std::optional<Decimal> value;
    if (e == std::string_view::npos) {
        // The common case, a plain decimal: parsed in place, no allocation.
        value = parse_plain_decimal(text, error);
    } else {
        // An exponent: the mantissa's digits are written out as a plain decimal, then parsed.
        const std::string_view mantissa = text.substr(0, e);
        std::string_view exponent_text = text.substr(e + 1);
        bool is_negative_exponent = false;
        if (!exponent_text.empty() && (exponent_text.front() == '-' || exponent_text.front() == '+')) {
            is_negative_exponent = exponent_text.front() == '-';
            exponent_text.remove_prefix(1);
        }
        const std::optional<int> exponent = detail::parse_whole_number(exponent_text, 0, kMaxExponent);
        std::string digits;
        int point = -1;  // digits before the decimal point
        for (char c : mantissa) {
            if (c == '.' && point < 0) point = int(digits.size());
            else if (is_digit(c)) digits.push_back(c);
            else return std::nullopt;
        }
        if (!exponent || digits.empty()) return std::nullopt;
        if (point < 0) point = int(digits.size());
        point += is_negative_exponent ? -*exponent : *exponent;
        std::string plain;
        if (point <= 0) plain = "0." + std::string(size_t(-point), '0') + digits;
        else if (point >= int(digits.size())) plain = digits + std::string(size_t(point) - digits.size(), '0');
        else plain = digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
        value = parse_plain_decimal(plain, error);
    }
    if (!value) return std::nullopt;
    return is_negative ? -*value : *value;
}

std::optional<Date> parse_export_date(std::string_view text) {
    if (text.size() >= 10 && text[4] == '-') {
        if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return std::nullopt;
        return parse_date(text.substr(0, 10));
    }
    const size_t first = text.find('/');
    const size_t second = first == std::string_view::npos ? first : text.find('/', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const int month = small_number(text.substr(0, first));
    const int day = small_number(text.substr(first + 1, second - first - 1));
    const std::string_view year_text = text.substr(second + 1);
    const std::optional<int> year = year_text.size() == 4 ? detail::parse_whole_number(year_text, 1, 9999) : std::nullopt;
    if (month < 0 || day < 0 || !year || !is_valid_ymd(*year, month, day)) return std::nullopt;
    return Date::from_ymd(*year, month, day);
}

std::string_view product_for_name(std::string_view name) {
    if (name.empty()) return {};
    const std::string lower = detail::lower_case(name);
    const auto has = [&](std::string_view part) { return lower.find(part) != std::string::npos; };
    if (has("copilot for security") || has("security copilot")) return "copilot_for_security";
    if (has("github copilot")) return "github_copilot_enterprise";
    if (has("github")) return "github_enterprise";
    return {};
}

namespace detail {

void normalize_subscription_id(std::string_view id, std::string& out) {
    constexpr std::string_view kPrefix = "/subscriptions/";
    out.assign(id);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    if (out.size() > kPrefix.size() && out.compare(0, kPrefix.size(), kPrefix) == 0) {
        out.erase(0, kPrefix.size());
        while (!out.empty() && out.back() == '/') out.pop_back();
    }
}

}  // namespace detail

}  // namespace creditsim
