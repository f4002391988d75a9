#include "trade_log_host.h"

#include <cinttypes>
#include <string>

namespace energy_node {

void StderrTradeLog::onTradeEvent(TradeEvent event, const Trade& trade) {
  const char* role = trade.role == TradeRole::Import ? "import" : "export";
  switch (event) {
    case TradeEvent::Accepted:
      std::fprintf(stderr, "energy-node: trade %" PRIu64 " queued, %s of %" PRIu64 " mWh\n", trade.id, role,
                   trade.quantityMilliWh);
      break;
    case TradeEvent::Started:
      std::fprintf(stderr, "energy-node: trade %" PRIu64 " delivering, %s relay closed at %" PRIu64 " ms\n",
                   trade.id, role, trade.startedAtMs);
      break;
    case TradeEvent::Resumed:
      std::fprintf(stderr,
                   "energy-node: trade %" PRIu64 " resumed after a restart at %" PRIu64 " of %" PRIu64
                   " mWh, %s relay closed\n",
                   trade.id, trade.deliveredMilliWh(), trade.quantityMilliWh, role);
      break;
    case TradeEvent::Delivered:
    case TradeEvent::Stopped: {
      const uint64_t durationMs = trade.started && trade.endedAtMs > trade.startedAtMs
                                      ? trade.endedAtMs - trade.startedAtMs
                                      : 0;
      std::fprintf(stderr,
                   "energy-node: trade %" PRIu64 " %s%s%s, %s %" PRIu64 " of %" PRIu64
                   " mWh in %.1f s (relay open)\n",
                   trade.id, event == TradeEvent::Delivered ? "delivered" : "stopped",
                   trade.stopReason == StopReason::None ? "" : ": ",
                   std::string(stopReasonName(trade.stopReason)).c_str(),
                   trade.role == TradeRole::Import ? "received" : "sent", trade.deliveredMilliWh(),
                   trade.quantityMilliWh, double(durationMs) / 1000.0);
      break;
    }
  }
}

}  // namespace energy_node
