// The signed bodies a node acts on:
//   POST /api/trades            {"tradeId": integer, "quantityMilliWh": integer,
//                                "role": "export" | "import"}   (role optional, export)
//   POST /api/trades/{id}/stop  {"tradeId": integer, "reason": "cancelled" | "export-ended"}
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "energy_node.h"
#include "trade.h"

namespace energy_node {

// An order is under 100 bytes; anything past this is not an order. Checked
// before a body is read into memory (ESP32) and before it is hashed.
constexpr size_t kMaxOrderBodyBytes = 256;

struct TradeOrder {
  uint64_t tradeId = 0;
  TradeRole role = TradeRole::Export;
  uint64_t quantityMilliWh = 0;
};

struct StopOrder {
  uint64_t tradeId = 0;
  StopCommand command = StopCommand::Cancel;
};

// Strict: only the known fields, each at most once, integers only (no
// fractions, exponents or strings), tradeId within 0..2^53-1 so every JSON
// reader holds it exactly, quantity within 1..maxQuantityMilliWh. On failure
// `error` is a sentence for the HTTP 400 body.
bool parseTradeOrder(std::string_view body, uint64_t maxQuantityMilliWh, TradeOrder& order,
                     std::string& error);
bool parseStopOrder(std::string_view body, StopOrder& order, std::string& error);

}  // namespace energy_node
