#include "trade_ledger.h"

#include <algorithm>

#include "energy_units.h"

namespace energy_node {

TradeLedger::TradeLedger(size_t maxQueued, size_t maxRemembered)
    : maxQueued_(maxQueued), maxRemembered_(std::max<size_t>(1, maxRemembered)) {}

const Trade* TradeLedger::find(uint64_t id) const {
  if (active_ && active_->id == id) return &*active_;
  for (const Trade& trade : queued_) {
    if (trade.id == id) return &trade;
  }
  // Newest first: a status poll usually asks about a recent trade.
  for (auto it = finished_.rbegin(); it != finished_.rend(); ++it) {
    if (it->id == id) return &*it;
  }
  return nullptr;
}

bool TradeLedger::isForgotten(uint64_t id) const {
  return hasForgotten_ && id <= forgottenUpToId_ && find(id) == nullptr;
}

const Trade& TradeLedger::enqueue(uint64_t id, TradeRole role, uint64_t quantityMilliWh) {
  Trade trade;
  trade.id = id;
  trade.role = role;
  trade.quantityMilliWh = quantityMilliWh;
  queued_.push_back(trade);
  return queued_.back();
}

Trade& TradeLedger::startNext(uint64_t nowMs) {
  active_ = queued_.front();
  queued_.pop_front();
  active_->state = TradeState::Delivering;
  active_->started = true;
  active_->startedAtMs = nowMs;
  noteTime(nowMs);
  return *active_;
}

void TradeLedger::finishActive(TradeState state, StopReason reason, uint64_t nowMs) {
  if (!active_) return;
  Trade trade = *active_;
  active_.reset();
  trade.state = state;
  trade.stopReason = reason;
  trade.ended = true;
  trade.endedAtMs = nowMs;
  trade.powerMicroW = 0;
  rememberFinished(trade);
}

bool TradeLedger::finishQueued(uint64_t id, TradeState state, StopReason reason, uint64_t nowMs) {
  for (auto it = queued_.begin(); it != queued_.end(); ++it) {
    if (it->id != id) continue;
    Trade trade = *it;
    queued_.erase(it);
    trade.state = state;
    trade.stopReason = reason;
    trade.ended = true;
    trade.endedAtMs = nowMs;
    rememberFinished(trade);
    return true;
  }
  return false;
}

void TradeLedger::rememberFinished(const Trade& trade) {
  (trade.role == TradeRole::Import ? finishedImportedMicroWh_ : finishedExportedMicroWh_) +=
      trade.deliveredMicroWh;
  noteTime(trade.endedAtMs);
  finished_.push_back(trade);
  while (finished_.size() > maxRemembered_) {
    forgottenUpToId_ = hasForgotten_ ? std::max(forgottenUpToId_, finished_.front().id)
                                     : finished_.front().id;
    hasForgotten_ = true;
    finished_.pop_front();
  }
}

LedgerSnapshot TradeLedger::snapshot() const {
  LedgerSnapshot snapshot;
  snapshot.energyExportedMicroWh = finishedExportedMicroWh_;
  snapshot.energyImportedMicroWh = finishedImportedMicroWh_;
  snapshot.hasForgotten = hasForgotten_;
  snapshot.forgottenUpToId = forgottenUpToId_;
  snapshot.trades.reserve(finished_.size() + queued_.size() + 1);
  snapshot.trades.insert(snapshot.trades.end(), finished_.begin(), finished_.end());
  if (active_) snapshot.trades.push_back(*active_);
  snapshot.trades.insert(snapshot.trades.end(), queued_.begin(), queued_.end());
  return snapshot;
}

void TradeLedger::restore(const StoredState& state, uint8_t maxResumes) {
  const LedgerSnapshot& snapshot = state.ledger;
  const std::optional<DeliveryCheckpoint>& checkpoint = state.checkpoint;
  finished_.clear();
  queued_.clear();
  active_.reset();
  hasForgotten_ = snapshot.hasForgotten;
  forgottenUpToId_ = snapshot.forgottenUpToId;
  latestRecordedMs_ = checkpoint ? checkpoint->atMs : 0;
  // The totals are re-added trade by trade below, except for trades forgotten earlier.
  int64_t rememberedExported = 0;
  int64_t rememberedImported = 0;
  for (const Trade& trade : snapshot.trades) {
    if (!trade.isFinished()) continue;
    (trade.role == TradeRole::Import ? rememberedImported : rememberedExported) += trade.deliveredMicroWh;
  }
  finishedExportedMicroWh_ = snapshot.energyExportedMicroWh - rememberedExported;
  finishedImportedMicroWh_ = snapshot.energyImportedMicroWh - rememberedImported;

  for (const Trade& stored : snapshot.trades) {
    Trade trade = stored;
    trade.powerMicroW = 0;
    noteTime(trade.startedAtMs);
    switch (trade.state) {
      case TradeState::Queued:
        if (queued_.size() < maxQueued_) queued_.push_back(trade);
        break;
      case TradeState::Delivering: {
        const bool checkpointed = checkpoint && checkpoint->tradeId == trade.id;
        if (checkpointed && checkpoint->deliveredMicroWh > trade.deliveredMicroWh) {
          trade.deliveredMicroWh = checkpoint->deliveredMicroWh;
        }
        const uint64_t lastSeenMs = checkpointed ? std::max(checkpoint->atMs, trade.startedAtMs)
                                                 : trade.startedAtMs;
        if (trade.deliveredMicroWh >= milliWattHoursToMicroWattHours(trade.quantityMilliWh)) {
          trade.state = TradeState::Delivered;
        } else if (trade.restarts >= maxResumes || state.checkpointDamaged || active_) {
          trade.state = TradeState::Stopped;
          trade.stopReason = StopReason::Restart;
        } else {
          trade.restarts = uint8_t(trade.restarts + 1);
          active_ = trade;
          break;
        }
        trade.ended = true;
        trade.endedAtMs = lastSeenMs;
        rememberFinished(trade);
        break;
      }
      case TradeState::Delivered:
      case TradeState::Stopped:
        rememberFinished(trade);
        break;
    }
  }
}

}  // namespace energy_node
