#include "serial_trade_log_esp32_arduino.h"

namespace energy_node {
namespace {

const char* eventName(TradeEvent event) {
  switch (event) {
    case TradeEvent::Accepted: return "queued";
    case TradeEvent::Started: return "delivering, relay closed";
    case TradeEvent::Delivered: return "delivered, relay open";
    case TradeEvent::Stopped: return "stopped, relay open";
  }
  return "";
}

}  // namespace

void SerialTradeLog::onTradeEvent(TradeEvent event, const Trade& trade) {
  // Print has no 64-bit overloads on every core; ids fit a double exactly (< 2^53).
  out_.print("Trade ");
  out_.print(String(double(trade.id), 0));
  out_.print(": ");
  out_.print(eventName(event));
  out_.print(", ");
  out_.print(String(double(trade.deliveredMilliWh()), 0));
  out_.print(" of ");
  out_.print(String(double(trade.quantityMilliWh), 0));
  out_.print(" mWh");
  if (trade.stopReason != StopReason::None) {
    out_.print(" (");
    out_.print(std::string(stopReasonName(trade.stopReason)).c_str());
    out_.print(")");
  }
  out_.println();
}

}  // namespace energy_node
