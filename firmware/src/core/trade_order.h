// The body of POST /api/trades: {"tradeId": integer, "quantityMilliWh": integer}.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace energy_node {

// An order is about 60 bytes; anything past this is not an order.
constexpr size_t kMaxOrderBodyBytes = 256;

struct TradeOrder {
  uint64_t tradeId = 0;
  uint64_t quantityMilliWh = 0;
};

// Strict: exactly the two fields, integers only (no fractions, exponents or
// strings), tradeId within 0..2^53-1 so every JSON reader holds it exactly,
// quantity within 1..maxQuantityMilliWh. On failure `error` is a sentence for
// the HTTP 400 body.
bool parseTradeOrder(std::string_view body, uint64_t maxQuantityMilliWh, TradeOrder& order,
                     std::string& error);

}  // namespace energy_node
