#include "trade.h"

namespace energy_node {

std::string_view tradeStateName(TradeState state) {
  switch (state) {
    case TradeState::Queued:
      return "queued";
    case TradeState::Delivering:
      return "delivering";
    case TradeState::Delivered:
      return "delivered";
    case TradeState::Stopped:
      return "stopped";
  }
  return "queued";
}

std::string_view stopReasonName(StopReason reason) {
  switch (reason) {
    case StopReason::None:
      return "";
    case StopReason::LowPower:
      return "low-power";
    case StopReason::OverCurrent:
      return "over-current";
    case StopReason::Restart:
      return "restart";
  }
  return "";
}

bool tradeStateFromName(std::string_view name, TradeState& state) {
  for (TradeState candidate : {TradeState::Queued, TradeState::Delivering, TradeState::Delivered,
                               TradeState::Stopped}) {
    if (tradeStateName(candidate) == name) {
      state = candidate;
      return true;
    }
  }
  return false;
}

bool stopReasonFromName(std::string_view name, StopReason& reason) {
  for (StopReason candidate : {StopReason::None, StopReason::LowPower, StopReason::OverCurrent,
                               StopReason::Restart}) {
    if (stopReasonName(candidate) == name) {
      reason = candidate;
      return true;
    }
  }
  return false;
}

}  // namespace energy_node
