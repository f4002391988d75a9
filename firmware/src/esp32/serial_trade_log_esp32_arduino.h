// Prints trade events to the serial monitor.
#pragma once

#include <Arduino.h>

#include "../core/trade_observer.h"

namespace energy_node {

class SerialTradeLog : public TradeObserver {
 public:
  explicit SerialTradeLog(Print& out) : out_(out) {}
  void onTradeEvent(TradeEvent event, const Trade& trade) override;

 private:
  Print& out_;
};

}  // namespace energy_node
