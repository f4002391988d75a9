// The trades a node knows: finished ones it remembers, the one delivering,
// and the queue. Pure bookkeeping; the relay and the meter live elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "node_store.h"
#include "trade.h"

namespace energy_node {

class TradeLedger {
 public:
  TradeLedger(size_t maxQueued, size_t maxRemembered);

  const Trade* find(uint64_t id) const;
  // True for an unknown id at or below the highest id forgotten to make room.
  bool isForgotten(uint64_t id) const;
  bool queueFull() const { return queued_.size() >= maxQueued_; }
  size_t queuedCount() const { return queued_.size(); }
  const std::deque<Trade>& queued() const { return queued_; }

  const Trade& enqueue(uint64_t id, uint64_t quantityMilliWh);

  Trade* active() { return active_ ? &*active_ : nullptr; }
  const Trade* active() const { return active_ ? &*active_ : nullptr; }
  // Moves the oldest queued trade to delivering; the queue must not be empty.
  Trade& startNext(uint64_t nowMs);
  // Ends the delivering trade, adds its energy to the total and forgets the
  // oldest finished trades beyond the capacity.
  void finishActive(TradeState state, StopReason reason, uint64_t nowMs);

  int64_t finishedEnergyMicroWh() const { return finishedEnergyMicroWh_; }
  size_t rememberedCount() const { return finished_.size(); }

  LedgerSnapshot snapshot() const;
  // Restores a snapshot; a delivery cut short by a restart becomes `stopped`
  // with the checkpointed figure, so it is never delivered a second time.
  void restore(const LedgerSnapshot& snapshot, const std::optional<DeliveryCheckpoint>& checkpoint);

 private:
  void rememberFinished(const Trade& trade);

  size_t maxQueued_;
  size_t maxRemembered_;
  std::deque<Trade> finished_;
  std::optional<Trade> active_;
  std::deque<Trade> queued_;
  int64_t finishedEnergyMicroWh_ = 0;
  bool hasForgotten_ = false;
  uint64_t forgottenUpToId_ = 0;
};

}  // namespace energy_node
