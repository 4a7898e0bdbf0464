#include "reports/manifest_report.hpp"

namespace creditsim {

void write_manifest_csv(CsvWriter& out, const std::vector<std::pair<std::string, std::string>>& manifest) {
    out.raw("key,value\n");
    for (const auto& [key, value] : manifest) out.text(key).text(value).end_row();
}

}  // namespace creditsim
