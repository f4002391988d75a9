// The node's logic: takes orders, delivers them one at a time in order,
// meters each delivery and drives the relays. Time and readings come in as
// arguments, the relays and storage through interfaces, so the same code runs
// on the ESP32, in the emulator and under test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "energy_integrator.h"
#include "energy_units.h"
#include "node_config.h"
#include "node_store.h"
#include "relay_switch.h"
#include "trade.h"
#include "trade_ledger.h"
#include "trade_observer.h"

namespace energy_node {

enum class OrderOutcome {
  Accepted,   // new, queued
  Replayed,   // the same order again: same answer, delivered once
  Conflict,   // a different body under a trade that is queued or delivering
  Gone,       // a cancelled trade, or a different body under a finished one
  Forgotten,  // an id too old for the node to know whether it was delivered
  QueueFull,
};

struct OrderResult {
  OrderOutcome outcome;
  std::optional<Trade> trade;  // the trade the answer is about, if any
};

// What POST /api/trades/{id}/stop asks for.
enum class StopCommand {
  Cancel,       // any role: end now, the order is void
  ExportEnded,  // import only: the seller's side has ended
};

enum class StopOutcome {
  Stopped,          // the trade ended now
  AlreadyFinished,  // it had ended before; nothing changed
  NotFound,
  WrongRole,        // export-ended sent for an export trade
};

struct StopResult {
  StopOutcome outcome;
  std::optional<Trade> trade;
};

struct NodeStatus {
  SensorReading reading;
  bool hasReading = false;
  LineConnection connection = LineConnection::Open;
  std::optional<Trade> activeTrade;
  size_t queueLength = 0;  // trades waiting behind the active one
  // Energy still to deliver: the rest of the active trade and the queue, per role.
  uint64_t exportBacklogMilliWh = 0;
  uint64_t importBacklogMilliWh = 0;
  int64_t energyExportedMicroWh = 0;
  int64_t energyImportedMicroWh = 0;
};

class EnergyNode {
 public:
  EnergyNode(const NodeConfig& config, RelaySwitch& relay, NodeStore& store,
             TradeObserver* observer = nullptr);

  // Loads what the store kept; call once before the first sample. A delivery
  // interrupted by the restart resumes on the first sample.
  StoreLoadResult restore();
  // The latest node-clock time in what was restored: a platform whose clock
  // starts again at zero on boot starts it after this instead, so trade times
  // keep increasing across restarts.
  uint64_t latestRecordedTimeMs() const { return ledger_.latestRecordedTimeMs(); }

  // One sample of the fixed-period loop, taken at `nowMs`.
  void sample(uint64_t nowMs, const SensorReading& reading);

  // Quantity bounds are checked by the caller (the order parser).
  OrderResult submitOrder(uint64_t tradeId, TradeRole role, uint64_t quantityMilliWh);
  StopResult stopTrade(uint64_t tradeId, StopCommand command, uint64_t nowMs);

  std::optional<Trade> findTrade(uint64_t tradeId) const;
  bool isForgotten(uint64_t tradeId) const { return ledger_.isForgotten(tradeId); }
  // The trade being delivered, if any (valid until the next call into the node).
  const Trade* activeTrade() const { return ledger_.active(); }
  NodeStatus status() const;
  const NodeConfig& config() const { return config_; }
  LineConnection connection() const { return connection_; }
  bool relayClosed() const { return connection_ != LineConnection::Open; }

  // Opens the relay and checkpoints the exact figure of a running delivery,
  // which resumes from there after the restart.
  void shutdown(uint64_t nowMs);

 private:
  void startNextTrade(uint64_t nowMs);
  void beginDelivery(Trade& trade, uint64_t nowMs);
  void endDelivery(TradeState state, StopReason reason, uint64_t nowMs);
  // Returns true when the active trade ended on this sample.
  bool meterActive(uint64_t nowMs, const SensorReading& reading);
  void connectLine(LineConnection connection);
  void persistLedger();
  void notify(TradeEvent event, const Trade& trade);

  NodeConfig config_;
  RelaySwitch& relay_;
  NodeStore& store_;
  TradeObserver* observer_;
  TradeLedger ledger_;
  EnergyIntegrator integrator_;
  // Energy metered before the current run of the integrator (a resumed delivery).
  int64_t resumedFromMicroWh_ = 0;
  bool resumePending_ = false;
  LineConnection connection_ = LineConnection::Open;
  std::optional<uint64_t> lowPowerSinceMs_;
  uint64_t holdOffUntilMs_ = 0;
  uint64_t nextCheckpointMs_ = 0;
  int64_t lastCheckpointMicroWh_ = -1;
  SensorReading lastReading_;
  bool hasReading_ = false;
};

}  // namespace energy_node
