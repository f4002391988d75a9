// Logs trade events of the emulator to stderr, one line each.
#pragma once

#include <cstdio>

#include "../src/core/trade_observer.h"

namespace energy_node {

class StderrTradeLog : public TradeObserver {
 public:
  void onTradeEvent(TradeEvent event, const Trade& trade) override;
};

}  // namespace energy_node
