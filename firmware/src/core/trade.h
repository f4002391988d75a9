// One trade order as the node keeps it.
#pragma once

#include <cstdint>
#include <string_view>

namespace energy_node {

enum class TradeState : uint8_t { Queued = 0, Delivering = 1, Delivered = 2, Stopped = 3 };

// Why a trade ended `stopped` before its quantity was delivered.
enum class StopReason : uint8_t {
  None = 0,
  LowPower = 1,     // power stayed under the threshold: flat battery or cut line
  OverCurrent = 2,  // a reading above the current limit opened the relay at once
  Restart = 3,      // the node restarted mid-delivery; the figure is the last checkpoint
};

struct Trade {
  uint64_t id = 0;
  uint64_t quantityMilliWh = 0;
  TradeState state = TradeState::Queued;
  StopReason stopReason = StopReason::None;
  int64_t deliveredMicroWh = 0;
  bool started = false;
  uint64_t startedAtMs = 0;
  bool ended = false;
  uint64_t endedAtMs = 0;

  bool isFinished() const {
    return state == TradeState::Delivered || state == TradeState::Stopped;
  }
  // Rounded down, so a buyer never pays for energy the meter did not see.
  uint64_t deliveredMilliWh() const {
    return deliveredMicroWh > 0 ? uint64_t(deliveredMicroWh) / 1000 : 0;
  }
};

std::string_view tradeStateName(TradeState state);
std::string_view stopReasonName(StopReason reason);  // empty for None
bool tradeStateFromName(std::string_view name, TradeState& state);
bool stopReasonFromName(std::string_view name, StopReason& reason);

}  // namespace energy_node
