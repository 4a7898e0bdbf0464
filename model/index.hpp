#pragma once
// Table indices (partners, users, credits, subscriptions) are uint32_t ranks;
// kNone is the one value meaning "no such index". (A user named in an action
// who is not the partner's is a different fact: kUnknownUser, model/history.hpp.)

#include <cstdint>

namespace creditsim {

constexpr uint32_t kNone = 0xFFFFFFFFu;

}  // namespace creditsim
