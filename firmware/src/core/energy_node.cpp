#include "energy_node.h"

namespace energy_node {

EnergyNode::EnergyNode(const NodeConfig& config, RelaySwitch& relay, NodeStore& store,
                       TradeObserver* observer)
    : config_(config),
      relay_(relay),
      store_(store),
      observer_(observer),
      ledger_(config.maxQueuedTrades, config.maxRememberedTrades) {
  // Whatever state the pin woke up in, the line starts disconnected.
  setRelay(false);
}

StoreLoadResult EnergyNode::restore() {
  LedgerSnapshot snapshot;
  std::optional<DeliveryCheckpoint> checkpoint;
  const StoreLoadResult result = store_.load(snapshot, checkpoint);
  if (result != StoreLoadResult::Loaded) return result;
  bool interruptedDelivery = false;
  for (const Trade& trade : snapshot.trades) {
    if (trade.state == TradeState::Delivering) interruptedDelivery = true;
  }
  ledger_.restore(snapshot, checkpoint);
  // Make the recovery itself durable before anything else happens.
  if (interruptedDelivery) persistLedger();
  return result;
}

void EnergyNode::sample(uint64_t nowMs, const SensorReading& reading) {
  lastReading_ = reading;
  hasReading_ = true;

  bool endedThisSample = false;
  if (Trade* active = ledger_.active()) {
    const int64_t power = reading.deliveredMicroWatts();
    integrator_.addSample(nowMs, power);
    active->deliveredMicroWh = integrator_.microWattHours();
    const int32_t magnitude = reading.milliAmps < 0 ? -reading.milliAmps : reading.milliAmps;

    if (magnitude > config_.maxMilliAmps) {
      endDelivery(TradeState::Stopped, StopReason::OverCurrent, nowMs);
      holdOffUntilMs_ = nowMs + config_.overCurrentHoldOffMs;
      endedThisSample = true;
    } else if (active->deliveredMicroWh >=
               milliWattHoursToMicroWattHours(active->quantityMilliWh)) {
      endDelivery(TradeState::Delivered, StopReason::None, nowMs);
      endedThisSample = true;
    } else if (power < config_.lowPowerThresholdMicroW) {
      if (!lowPowerSinceMs_) lowPowerSinceMs_ = nowMs;
      if (nowMs - *lowPowerSinceMs_ >= config_.lowPowerTimeoutMs) {
        endDelivery(TradeState::Stopped, StopReason::LowPower, nowMs);
        endedThisSample = true;
      }
    } else {
      lowPowerSinceMs_.reset();
    }

    if (!endedThisSample && nowMs >= nextCheckpointMs_) {
      store_.saveCheckpoint({active->id, active->deliveredMicroWh, nowMs});
      nextCheckpointMs_ = nowMs + config_.checkpointIntervalMs;
    }
  }

  // The next trade starts on a later sample, so the relay never flips
  // open-closed within one sample.
  if (!endedThisSample && ledger_.active() == nullptr && ledger_.queuedCount() > 0 &&
      nowMs >= holdOffUntilMs_) {
    startNextTrade(nowMs);
  }
}

void EnergyNode::startNextTrade(uint64_t nowMs) {
  Trade& trade = ledger_.startNext(nowMs);
  integrator_.begin(nowMs);
  // A delivery that never sees power is stopped after the timeout from here.
  lowPowerSinceMs_ = nowMs;
  nextCheckpointMs_ = nowMs + config_.checkpointIntervalMs;
  // Durable before the relay closes: after a power cut the trade is known to
  // have started and is not delivered a second time.
  persistLedger();
  setRelay(true);
  notify(TradeEvent::Started, trade);
}

void EnergyNode::endDelivery(TradeState state, StopReason reason, uint64_t nowMs) {
  setRelay(false);
  const uint64_t tradeId = ledger_.active()->id;
  ledger_.finishActive(state, reason, nowMs);
  lowPowerSinceMs_.reset();
  persistLedger();
  if (const Trade* finished = ledger_.find(tradeId)) {
    notify(state == TradeState::Delivered ? TradeEvent::Delivered : TradeEvent::Stopped,
           *finished);
  }
}

OrderResult EnergyNode::submitOrder(uint64_t tradeId, uint64_t quantityMilliWh) {
  if (const Trade* known = ledger_.find(tradeId)) {
    if (known->quantityMilliWh != quantityMilliWh) return {OrderOutcome::Conflict, *known};
    return {OrderOutcome::Replayed, *known};
  }
  if (ledger_.isForgotten(tradeId)) return {OrderOutcome::Forgotten, std::nullopt};
  if (ledger_.queueFull()) return {OrderOutcome::QueueFull, std::nullopt};
  const Trade queued = ledger_.enqueue(tradeId, quantityMilliWh);
  persistLedger();
  notify(TradeEvent::Accepted, queued);
  return {OrderOutcome::Accepted, queued};
}

std::optional<Trade> EnergyNode::findTrade(uint64_t tradeId) const {
  if (const Trade* trade = ledger_.find(tradeId)) return *trade;
  return std::nullopt;
}

NodeStatus EnergyNode::status() const {
  NodeStatus status;
  status.reading = lastReading_;
  status.hasReading = hasReading_;
  status.relayClosed = relayClosed_;
  status.queueLength = ledger_.queuedCount();
  status.energyTotalMicroWh = ledger_.finishedEnergyMicroWh();
  if (const Trade* active = ledger_.active()) {
    status.activeTrade = *active;
    status.energyTotalMicroWh += active->deliveredMicroWh;
  }
  return status;
}

void EnergyNode::shutdown(uint64_t nowMs) {
  setRelay(false);
  if (const Trade* active = ledger_.active()) {
    store_.saveCheckpoint({active->id, active->deliveredMicroWh, nowMs});
  }
}

void EnergyNode::setRelay(bool closed) {
  relay_.setClosed(closed);
  relayClosed_ = closed;
}

void EnergyNode::persistLedger() { store_.saveLedger(ledger_.snapshot()); }

void EnergyNode::notify(TradeEvent event, const Trade& trade) {
  if (observer_ != nullptr) observer_->onTradeEvent(event, trade);
}

}  // namespace energy_node
