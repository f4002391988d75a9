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

const Trade& TradeLedger::enqueue(uint64_t id, uint64_t quantityMilliWh) {
  Trade trade;
  trade.id = id;
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
  rememberFinished(trade);
}

void TradeLedger::rememberFinished(const Trade& trade) {
  finishedEnergyMicroWh_ += trade.deliveredMicroWh;
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
  snapshot.energyTotalMicroWh = finishedEnergyMicroWh_;
  snapshot.hasForgotten = hasForgotten_;
  snapshot.forgottenUpToId = forgottenUpToId_;
  snapshot.trades.reserve(finished_.size() + queued_.size() + 1);
  snapshot.trades.insert(snapshot.trades.end(), finished_.begin(), finished_.end());
  if (active_) snapshot.trades.push_back(*active_);
  snapshot.trades.insert(snapshot.trades.end(), queued_.begin(), queued_.end());
  return snapshot;
}

void TradeLedger::restore(const LedgerSnapshot& snapshot,
                          const std::optional<DeliveryCheckpoint>& checkpoint) {
  finished_.clear();
  queued_.clear();
  active_.reset();
  hasForgotten_ = snapshot.hasForgotten;
  forgottenUpToId_ = snapshot.forgottenUpToId;
  // The total is re-added trade by trade below, except for trades forgotten earlier.
  int64_t rememberedEnergy = 0;
  for (const Trade& trade : snapshot.trades) {
    if (trade.isFinished()) rememberedEnergy += trade.deliveredMicroWh;
  }
  finishedEnergyMicroWh_ = snapshot.energyTotalMicroWh - rememberedEnergy;

  for (const Trade& stored : snapshot.trades) {
    Trade trade = stored;
    switch (trade.state) {
      case TradeState::Queued:
        if (queued_.size() < maxQueued_) queued_.push_back(trade);
        break;
      case TradeState::Delivering:
        if (checkpoint && checkpoint->tradeId == trade.id &&
            checkpoint->deliveredMicroWh > trade.deliveredMicroWh) {
          trade.deliveredMicroWh = checkpoint->deliveredMicroWh;
          trade.endedAtMs = checkpoint->atMs;
        } else {
          trade.endedAtMs = trade.startedAtMs;
        }
        trade.state = trade.deliveredMicroWh >= milliWattHoursToMicroWattHours(trade.quantityMilliWh)
                          ? TradeState::Delivered
                          : TradeState::Stopped;
        trade.stopReason =
            trade.state == TradeState::Stopped ? StopReason::Restart : StopReason::None;
        trade.ended = true;
        rememberFinished(trade);
        break;
      case TradeState::Delivered:
      case TradeState::Stopped:
        rememberFinished(trade);
        break;
    }
  }
}

}  // namespace energy_node
