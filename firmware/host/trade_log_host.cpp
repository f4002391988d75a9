#include "trade_log_host.h"

#include <cinttypes>
#include <string>

namespace energy_node {

void StderrTradeLog::onTradeEvent(TradeEvent event, const Trade& trade) {
  switch (event) {
    case TradeEvent::Accepted:
      std::fprintf(stderr, "energy-node: trade %" PRIu64 " queued, %" PRIu64 " mWh\n", trade.id,
                   trade.quantityMilliWh);
      break;
    case TradeEvent::Started:
      std::fprintf(stderr, "energy-node: trade %" PRIu64 " delivering (relay closed) at %" PRIu64 " ms\n",
                   trade.id, trade.startedAtMs);
      break;
    case TradeEvent::Delivered:
    case TradeEvent::Stopped:
      std::fprintf(stderr,
                   "energy-node: trade %" PRIu64 " %s%s%s, %" PRIu64 " of %" PRIu64
                   " mWh in %.1f s (relay open)\n",
                   trade.id, event == TradeEvent::Delivered ? "delivered" : "stopped",
                   trade.stopReason == StopReason::None ? "" : ": ",
                   std::string(stopReasonName(trade.stopReason)).c_str(), trade.deliveredMilliWh(),
                   trade.quantityMilliWh, double(trade.endedAtMs - trade.startedAtMs) / 1000.0);
      break;
  }
}

}  // namespace energy_node
