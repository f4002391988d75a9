// Appends JSON text for the node's answers; no allocation beyond the output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "trade.h"

namespace energy_node {

void appendJsonString(std::string& out, std::string_view text);
void appendUnsigned(std::string& out, uint64_t value);
// Fixed-point decimal of value / 10^decimals, e.g. (12803, 3) -> 12.803.
void appendFixedPoint(std::string& out, int64_t value, int decimals);
// {"tradeId":..,"quantityMilliWh":..,"state":..,"deliveredMilliWh":..,
//  "startedAtMs":..|null,"endedAtMs":..|null,"stopReason":..|null}
void appendTradeJson(std::string& out, const Trade& trade);
std::string errorJson(std::string_view message);

}  // namespace energy_node
