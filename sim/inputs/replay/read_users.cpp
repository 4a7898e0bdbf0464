// users.csv (SPEC 6): partner_id,user_id,email.
#include <algorithm>

#include "model/assignment.hpp"
#include "sim/inputs/csv/csv_input.hpp"
#include "sim/inputs/replay/readers.hpp"

namespace creditsim::detail {
namespace {

enum Column : unsigned { kPartnerId, kUserId, kEmail };
constexpr std::array<const char*, 3> kColumns = {"partner_id", "user_id", "email"};

}  // namespace

void read_users(ReplayContext& context) {
    Population& population = context.inputs.population;
    CsvInput<3> input(context.scenario.users_file, kColumns, context.problems);
    StringIndex first_line;  // partner index bytes + user id -> line, for duplicates
    std::string key;
    std::vector<std::string> lowered_free_domains;  // lowered once, not per user
    for (const auto& free : context.scenario.policy.free_hosted_domains)
        lowered_free_domains.push_back(lower_case(free));

    while (input.next_row()) {
        bool is_good = true;
        const std::string_view partner_id = input.field(kPartnerId);
        const uint32_t partner = lookup_partner(context, partner_id);
        if (!check_partner_known(input, kPartnerId, partner)) is_good = false;

        const std::string_view user_id = input.field(kUserId);
        if (user_id.empty()) {
            input.report_field(kUserId, "expected a non-empty user id; got an empty field");
            is_good = false;
        } else if (partner != kNone) {
            key.assign(reinterpret_cast<const char*>(&partner), sizeof partner).append(user_id);
            const auto [it, is_new] = first_line.emplace(key, uint32_t(input.line()));
            if (!is_new) {
                input.report_field(kUserId, "user " + in_quotes(user_id) + " of partner " + std::string(partner_id) +
                                                " is already on line " + std::to_string(it->second));
                is_good = false;
            }
        }

        const std::string_view email = input.field(kEmail);
        const size_t at = email.rfind('@');
        if (at == std::string_view::npos || trim_field(email.substr(at + 1)).empty()) {
            input.report_field(kEmail, "expected an e-mail address with a domain after the last '@'; " + got(email));
            is_good = false;
        }

        if (!is_good || partner == kRefusedPartner) continue;
        User user;
        user.id = std::string(user_id);
        user.email = std::string(email);
        user.partner = partner;
        user.is_free_hosted = is_free_hosted_email(email, lowered_free_domains);
        population.users.push_back(std::move(user));
    }
    input.append_hash(context.inputs.input_hashes);

    auto& users = population.users;
    std::sort(users.begin(), users.end(), [](const User& a, const User& b) {
        return a.partner != b.partner ? a.partner < b.partner : a.id < b.id;
    });
    uint32_t next_user = 0;  // partners without users get an empty range at their place
    for (uint32_t p = 0; p < population.partners.size(); ++p) {
        Partner& partner = population.partners[p];
        partner.first_user = next_user;
        while (next_user < users.size() && users[next_user].partner == p) ++next_user;
        partner.user_count = next_user - partner.first_user;
    }
}

}  // namespace creditsim::detail
