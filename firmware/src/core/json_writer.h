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
// The trade report, the one shape every answer about a trade uses:
// {"tradeId":..,"role":"export"|"import","quantityMilliWh":..,"state":..,
//  "deliveredMilliWh":..,"powerW":..,"startedAtMs":..|null,"endedAtMs":..|null,
//  "stopReason":..|null,"restarts":..}
// Its TypeScript twin is NodeTradeReport in src/app/nodes/node-protocol.ts.
void appendTradeJson(std::string& out, const Trade& trade);
// {"error":"...","status":N}: the status is repeated in the body so that an
// answer's signature (over the body) covers it too.
std::string errorJson(int status, std::string_view message);

}  // namespace energy_node
