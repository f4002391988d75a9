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

  const Trade& enqueue(uint64_t id, TradeRole role, uint64_t quantityMilliWh);

  Trade* active() { return active_ ? &*active_ : nullptr; }
  const Trade* active() const { return active_ ? &*active_ : nullptr; }
  // Moves the oldest queued trade to delivering; the queue must not be empty.
  Trade& startNext(uint64_t nowMs);
  // Ends the delivering trade, adds its energy to the totals and forgets the
  // oldest finished trades beyond the capacity.
  void finishActive(TradeState state, StopReason reason, uint64_t nowMs);
  // Ends a queued trade that never started (nothing metered); false if `id` is not queued.
  bool finishQueued(uint64_t id, TradeState state, StopReason reason, uint64_t nowMs);

  int64_t finishedEnergyMicroWh(TradeRole role) const {
    return role == TradeRole::Import ? finishedImportedMicroWh_ : finishedExportedMicroWh_;
  }
  size_t rememberedCount() const { return finished_.size(); }
  // The latest node-clock time any trade or checkpoint recorded.
  uint64_t latestRecordedTimeMs() const { return latestRecordedMs_; }

  LedgerSnapshot snapshot() const;
  // Restores what the store kept. A delivery cut short by a restart stays
  // delivering, from the larger of its stored and checkpointed figures, with
  // one more restart counted; it ends `stopped` (`restart`) instead when it
  // was resumed `maxResumes` times already or its progress was lost.
  void restore(const StoredState& state, uint8_t maxResumes);

 private:
  void rememberFinished(const Trade& trade);
  void noteTime(uint64_t ms) {
    if (ms > latestRecordedMs_) latestRecordedMs_ = ms;
  }

  size_t maxQueued_;
  size_t maxRemembered_;
  std::deque<Trade> finished_;
  std::optional<Trade> active_;
  std::deque<Trade> queued_;
  int64_t finishedExportedMicroWh_ = 0;
  int64_t finishedImportedMicroWh_ = 0;
  bool hasForgotten_ = false;
  uint64_t forgottenUpToId_ = 0;
  uint64_t latestRecordedMs_ = 0;
};

}  // namespace energy_node
