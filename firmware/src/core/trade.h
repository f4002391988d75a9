// One trade order as the node keeps it.
#pragma once

#include <cstdint>
#include <string_view>

namespace energy_node {

// Which side of the trade this node meters. The seller's node exports (closes
// its export relay and meters energy sent), the buyer's node imports (closes
// its import relay and meters energy received).
enum class TradeRole : uint8_t { Export = 0, Import = 1 };

enum class TradeState : uint8_t { Queued = 0, Delivering = 1, Delivered = 2, Stopped = 3 };

// Why a trade ended `stopped` before its quantity was metered. The numbers
// are stored (NVS blob, state file by name) and must not change.
enum class StopReason : uint8_t {
  None = 0,
  NoPower = 1,       // power under the threshold for the timeout with the battery not flat:
                     // a cut line or blown fuse; on an import, a line that carried nothing
  OverCurrent = 2,   // a reading above the current limit opened the relay at once
  Restart = 3,       // the node restarted mid-delivery and could not resume it
  BatteryFlat = 4,   // export starved with the battery at or under its empty voltage
  Cancelled = 5,     // the delivery service cancelled the order
  ExportEnded = 6,   // import only: the seller's side ended before this node started
};
constexpr uint8_t kLastStopReason = uint8_t(StopReason::ExportEnded);

struct Trade {
  uint64_t id = 0;
  TradeRole role = TradeRole::Export;
  uint64_t quantityMilliWh = 0;
  TradeState state = TradeState::Queued;
  StopReason stopReason = StopReason::None;
  // Energy metered for this trade: sent (export) or received (import).
  int64_t deliveredMicroWh = 0;
  bool started = false;
  uint64_t startedAtMs = 0;
  bool ended = false;
  uint64_t endedAtMs = 0;
  // Times this delivery was resumed after the node restarted.
  uint8_t restarts = 0;
  // Power through the relay at the last sample while delivering; not stored.
  int64_t powerMicroW = 0;

  bool isFinished() const {
    return state == TradeState::Delivered || state == TradeState::Stopped;
  }
  // Rounded down, so a buyer never pays for energy the meter did not see.
  uint64_t deliveredMilliWh() const {
    return deliveredMicroWh > 0 ? uint64_t(deliveredMicroWh) / 1000 : 0;
  }
};

std::string_view tradeRoleName(TradeRole role);
std::string_view tradeStateName(TradeState state);
std::string_view stopReasonName(StopReason reason);  // empty for None
bool tradeRoleFromName(std::string_view name, TradeRole& role);
bool tradeStateFromName(std::string_view name, TradeState& state);
// Also reads "low-power", the name of NoPower in state files before version 2.
bool stopReasonFromName(std::string_view name, StopReason& reason);

}  // namespace energy_node
