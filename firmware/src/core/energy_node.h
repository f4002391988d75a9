// The node's logic: takes orders, delivers them one at a time in order,
// meters each delivery and drives the relay. Time and readings come in as
// arguments, the relay and storage through interfaces, so the same code runs
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
  Conflict,   // a different quantity under a known id
  Forgotten,  // an id too old for the node to know whether it was delivered
  QueueFull,
};

struct OrderResult {
  OrderOutcome outcome;
  std::optional<Trade> trade;  // the trade the answer is about, if any
};

struct NodeStatus {
  SensorReading reading;
  bool hasReading = false;
  bool relayClosed = false;
  std::optional<Trade> activeTrade;
  size_t queueLength = 0;  // trades waiting behind the active one
  int64_t energyTotalMicroWh = 0;
};

class EnergyNode {
 public:
  EnergyNode(const NodeConfig& config, RelaySwitch& relay, NodeStore& store,
             TradeObserver* observer = nullptr);

  // Loads what the store kept; call once before the first sample.
  StoreLoadResult restore();

  // One sample of the fixed-period loop, taken at `nowMs`.
  void sample(uint64_t nowMs, const SensorReading& reading);

  // Quantity bounds are checked by the caller (the order parser).
  OrderResult submitOrder(uint64_t tradeId, uint64_t quantityMilliWh);

  std::optional<Trade> findTrade(uint64_t tradeId) const;
  NodeStatus status() const;
  const NodeConfig& config() const { return config_; }
  bool relayClosed() const { return relayClosed_; }

  // Opens the relay and checkpoints the exact figure of a running delivery.
  void shutdown(uint64_t nowMs);

 private:
  void startNextTrade(uint64_t nowMs);
  void endDelivery(TradeState state, StopReason reason, uint64_t nowMs);
  void setRelay(bool closed);
  void persistLedger();
  void notify(TradeEvent event, const Trade& trade);

  NodeConfig config_;
  RelaySwitch& relay_;
  NodeStore& store_;
  TradeObserver* observer_;
  TradeLedger ledger_;
  EnergyIntegrator integrator_;
  bool relayClosed_ = false;
  std::optional<uint64_t> lowPowerSinceMs_;
  uint64_t holdOffUntilMs_ = 0;
  uint64_t nextCheckpointMs_ = 0;
  SensorReading lastReading_;
  bool hasReading_ = false;
};

}  // namespace energy_node
