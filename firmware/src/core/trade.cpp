#include "trade.h"

namespace energy_node {

std::string_view tradeRoleName(TradeRole role) {
  return role == TradeRole::Import ? "import" : "export";
}

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
    case StopReason::NoPower:
      return "no-power";
    case StopReason::OverCurrent:
      return "over-current";
    case StopReason::Restart:
      return "restart";
    case StopReason::BatteryFlat:
      return "battery-flat";
    case StopReason::Cancelled:
      return "cancelled";
    case StopReason::ExportEnded:
      return "export-ended";
  }
  return "";
}

bool tradeRoleFromName(std::string_view name, TradeRole& role) {
  if (name == "export") {
    role = TradeRole::Export;
    return true;
  }
  if (name == "import") {
    role = TradeRole::Import;
    return true;
  }
  return false;
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
  if (name == "low-power") {
    reason = StopReason::NoPower;
    return true;
  }
  for (uint8_t value = 0; value <= kLastStopReason; ++value) {
    if (stopReasonName(StopReason(value)) == name) {
      reason = StopReason(value);
      return true;
    }
  }
  return false;
}

}  // namespace energy_node
