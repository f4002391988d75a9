#include "serial_trade_log_esp32_arduino.h"

namespace energy_node {
namespace {

const char* eventName(TradeEvent event) {
  switch (event) {
    case TradeEvent::Accepted: return "queued";
    case TradeEvent::Started: return "delivering, relay closed";
    case TradeEvent::Resumed: return "resumed after a restart, relay closed";
    case TradeEvent::Delivered: return "delivered, relay open";
    case TradeEvent::Stopped: return "stopped, relay open";
  }
  return "";
}

}  // namespace

void SerialTradeLog::onTradeEvent(TradeEvent event, const Trade& trade) {
  out_.print("Trade ");
  out_.print((unsigned long long)trade.id);
  out_.print(trade.role == TradeRole::Import ? " (import): " : " (export): ");
  out_.print(eventName(event));
  out_.print(", ");
  out_.print((unsigned long long)trade.deliveredMilliWh());
  out_.print(" of ");
  out_.print((unsigned long long)trade.quantityMilliWh);
  out_.print(" mWh");
  if (trade.stopReason != StopReason::None) {
    out_.print(" (");
    out_.print(std::string(stopReasonName(trade.stopReason)).c_str());
    out_.print(")");
  }
  out_.println();
}

}  // namespace energy_node
