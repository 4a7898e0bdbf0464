// Fields of cost exports: signed amounts (plain or with an exponent, parsed
// exactly), dates in the two ways Azure writes them, product names.
#include <cctype>

#include "sim/cost_export.hpp"

namespace creditsim {
namespace {

constexpr int kMaxExponent = 40;  ///< beyond this no amount fits anyway

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

std::optional<ExactDecimal> parse_export_amount(std::string_view text) {
    bool is_negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        is_negative = text.front() == '-';
        text.remove_prefix(1);
    }
    std::string digits;
    int point = -1;  // digits before the decimal point
    size_t i = 0;
    for (; i < text.size() && (is_digit(text[i]) || (text[i] == '.' && point < 0)); ++i) {
        if (text[i] == '.') point = int(digits.size());
        else digits.push_back(text[i]);
    }
    if (digits.empty()) return std::nullopt;
    if (point < 0) point = int(digits.size());
    if (i < text.size()) {
        if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
        ++i;
        bool is_negative_exponent = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) is_negative_exponent = text[i++] == '-';
        const std::optional<int> exponent = detail::parse_whole_number(text.substr(i), 0, kMaxExponent);
        if (!exponent) return std::nullopt;
        point += is_negative_exponent ? -*exponent : *exponent;
    }
    // Written out as a plain decimal, then parsed exactly by the project's one decimal parser.
    std::string plain;
    if (point <= 0) {
        plain = "0." + std::string(size_t(-point), '0') + digits;
    } else if (point >= int(digits.size())) {
        plain = digits + std::string(size_t(point) - digits.size(), '0');
    } else {
        plain = digits.substr(0, size_t(point)) + "." + digits.substr(size_t(point));
    }
    DecimalError error;
    const auto value = parse_decimal(plain, ExactDecimal::kMaxPlaces, error);
    if (!value) return std::nullopt;
    return is_negative ? ExactDecimal::from_units(-value->units()) : *value;
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

std::string format_exact(ExactDecimal value) {
    constexpr __int128 kUnitsPerOne = 1'000'000'000'000'000'000;
    __int128 units = value.units();
    std::string text;
    if (units < 0) {
        text = "-";
        units = -units;
    }
    __int128 whole = units / kUnitsPerOne;
    __int128 fraction = units % kUnitsPerOne;
    std::string whole_digits;
    do {
        whole_digits.push_back(char('0' + int(whole % 10)));
        whole /= 10;
    } while (whole > 0);
    text.append(whole_digits.rbegin(), whole_digits.rend());
    if (fraction != 0) {
        std::string fraction_digits(ExactDecimal::kMaxPlaces, '0');
        for (int i = ExactDecimal::kMaxPlaces - 1; i >= 0; --i, fraction /= 10)
            fraction_digits[size_t(i)] = char('0' + int(fraction % 10));
        fraction_digits.erase(fraction_digits.find_last_not_of('0') + 1);
        text += "." + fraction_digits;
    }
    return text;
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
