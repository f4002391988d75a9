// Told about trade events, so each platform can log them its own way.
#pragma once

#include "trade.h"

namespace energy_node {

enum class TradeEvent { Accepted, Started, Resumed, Delivered, Stopped };

class TradeObserver {
 public:
  virtual ~TradeObserver() = default;
  virtual void onTradeEvent(TradeEvent event, const Trade& trade) = 0;
};

}  // namespace energy_node
