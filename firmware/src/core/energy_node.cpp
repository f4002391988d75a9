#include "energy_node.h"

namespace energy_node {

EnergyNode::EnergyNode(const NodeConfig& config, RelaySwitch& relay, NodeStore& store,
                       TradeObserver* observer)
    : config_(config),
      relay_(relay),
      store_(store),
      observer_(observer),
      ledger_(config.maxQueuedTrades, config.maxRememberedTrades) {
  // Whatever state the pins woke up in, the line starts disconnected.
  connectLine(LineConnection::Open);
}

StoreLoadResult EnergyNode::restore() {
  StoredState state;
  const StoreLoadResult result = store_.load(state);
  if (result != StoreLoadResult::Loaded) return result;
  bool interruptedDelivery = false;
  for (const Trade& trade : state.ledger.trades) {
    if (trade.state == TradeState::Delivering) interruptedDelivery = true;
  }
  ledger_.restore(state, config_.maxResumes);
  resumePending_ = ledger_.active() != nullptr;
  // Make the recovery itself durable (the restart counted) before the relay
  // closes again: a node that browns out whenever it closes must not loop.
  if (interruptedDelivery) persistLedger();
  return result;
}

void EnergyNode::sample(uint64_t nowMs, const SensorReading& reading) {
  lastReading_ = reading;
  hasReading_ = true;

  bool endedThisSample = false;
  if (Trade* active = ledger_.active()) {
    if (resumePending_) {
      // This reading was taken with the relay open; metering starts from here.
      resumePending_ = false;
      beginDelivery(*active, nowMs);
      notify(TradeEvent::Resumed, *active);
      return;
    }
    endedThisSample = meterActive(nowMs, reading);
  }

  // The next trade starts on a later sample, so the relay never flips
  // open-closed within one sample.
  if (!endedThisSample && ledger_.active() == nullptr && ledger_.queuedCount() > 0 &&
      nowMs >= holdOffUntilMs_) {
    startNextTrade(nowMs);
  }
}

bool EnergyNode::meterActive(uint64_t nowMs, const SensorReading& reading) {
  Trade* active = ledger_.active();
  const bool importing = active->role == TradeRole::Import;
  const int64_t power = importing ? reading.receivedMicroWatts() : reading.deliveredMicroWatts();
  integrator_.addSample(nowMs, power);
  active->deliveredMicroWh = resumedFromMicroWh_ + integrator_.microWattHours();
  active->powerMicroW = power;
  const int32_t magnitude = reading.milliAmps < 0 ? -reading.milliAmps : reading.milliAmps;

  if (magnitude > config_.maxMilliAmps) {
    endDelivery(TradeState::Stopped, StopReason::OverCurrent, nowMs);
    holdOffUntilMs_ = nowMs + config_.overCurrentHoldOffMs;
    return true;
  }
  if (active->deliveredMicroWh >= milliWattHoursToMicroWattHours(active->quantityMilliWh)) {
    endDelivery(TradeState::Delivered, StopReason::None, nowMs);
    return true;
  }
  if (power < config_.lowPowerThresholdMicroW) {
    if (!lowPowerSinceMs_) lowPowerSinceMs_ = nowMs;
    const uint32_t timeout = importing ? config_.importIdleTimeoutMs : config_.lowPowerTimeoutMs;
    if (nowMs - *lowPowerSinceMs_ >= timeout) {
      const bool batteryFlat = !importing && reading.milliVolts <= config_.batteryFlatMilliVolts;
      endDelivery(TradeState::Stopped, batteryFlat ? StopReason::BatteryFlat : StopReason::NoPower,
                  nowMs);
      return true;
    }
  } else {
    lowPowerSinceMs_.reset();
  }

  if (nowMs >= nextCheckpointMs_) {
    // Only a changed figure is written: a stalled delivery costs no flash.
    if (active->deliveredMicroWh != lastCheckpointMicroWh_) {
      store_.saveCheckpoint({active->id, active->deliveredMicroWh, nowMs});
      lastCheckpointMicroWh_ = active->deliveredMicroWh;
    }
    nextCheckpointMs_ = nowMs + config_.checkpointIntervalMs;
  }
  return false;
}

void EnergyNode::startNextTrade(uint64_t nowMs) {
  Trade& trade = ledger_.startNext(nowMs);
  // Recorded before the relay closes, so a restart knows the trade started
  // and resumes it instead of delivering it from the start again.
  persistLedger();
  beginDelivery(trade, nowMs);
  notify(TradeEvent::Started, trade);
}

void EnergyNode::beginDelivery(Trade& trade, uint64_t nowMs) {
  integrator_.begin(nowMs);
  resumedFromMicroWh_ = trade.deliveredMicroWh;
  // A delivery that never sees power is stopped after the timeout from here.
  lowPowerSinceMs_ = nowMs;
  nextCheckpointMs_ = nowMs + config_.checkpointIntervalMs;
  lastCheckpointMicroWh_ = trade.deliveredMicroWh;
  connectLine(trade.role == TradeRole::Import ? LineConnection::Import : LineConnection::Export);
}

void EnergyNode::endDelivery(TradeState state, StopReason reason, uint64_t nowMs) {
  // The relay opens first; bookkeeping and storage come after.
  connectLine(LineConnection::Open);
  resumePending_ = false;
  const uint64_t tradeId = ledger_.active()->id;
  ledger_.finishActive(state, reason, nowMs);
  lowPowerSinceMs_.reset();
  persistLedger();
  if (const Trade* finished = ledger_.find(tradeId)) {
    notify(state == TradeState::Delivered ? TradeEvent::Delivered : TradeEvent::Stopped, *finished);
  }
}

OrderResult EnergyNode::submitOrder(uint64_t tradeId, TradeRole role, uint64_t quantityMilliWh) {
  if (const Trade* known = ledger_.find(tradeId)) {
    const bool sameOrder = known->quantityMilliWh == quantityMilliWh && known->role == role;
    if (known->stopReason == StopReason::Cancelled) return {OrderOutcome::Gone, *known};
    if (sameOrder) return {OrderOutcome::Replayed, *known};
    if (known->isFinished()) return {OrderOutcome::Gone, *known};
    return {OrderOutcome::Conflict, *known};
  }
  if (ledger_.isForgotten(tradeId)) return {OrderOutcome::Forgotten, std::nullopt};
  if (ledger_.queueFull()) return {OrderOutcome::QueueFull, std::nullopt};
  const Trade queued = ledger_.enqueue(tradeId, role, quantityMilliWh);
  persistLedger();
  notify(TradeEvent::Accepted, queued);
  return {OrderOutcome::Accepted, queued};
}

StopResult EnergyNode::stopTrade(uint64_t tradeId, StopCommand command, uint64_t nowMs) {
  const Trade* known = ledger_.find(tradeId);
  if (known == nullptr) return {StopOutcome::NotFound, std::nullopt};
  if (command == StopCommand::ExportEnded && known->role != TradeRole::Import) {
    return {StopOutcome::WrongRole, *known};
  }
  if (known->isFinished()) return {StopOutcome::AlreadyFinished, *known};

  const StopReason reason =
      command == StopCommand::Cancel ? StopReason::Cancelled : StopReason::ExportEnded;
  const bool wasQueued = known->state == TradeState::Queued;
  if (wasQueued) {
    ledger_.finishQueued(tradeId, TradeState::Stopped, reason, nowMs);
    persistLedger();
  } else if (command == StopCommand::ExportEnded && known->deliveredMicroWh > 0) {
    // The seller's side is over and what it sent has arrived: a normal end.
    endDelivery(TradeState::Delivered, StopReason::None, nowMs);
  } else {
    endDelivery(TradeState::Stopped, reason, nowMs);
  }
  const Trade* finished = ledger_.find(tradeId);
  if (wasQueued && finished != nullptr) notify(TradeEvent::Stopped, *finished);
  return {StopOutcome::Stopped, *finished};
}

std::optional<Trade> EnergyNode::findTrade(uint64_t tradeId) const {
  if (const Trade* trade = ledger_.find(tradeId)) return *trade;
  return std::nullopt;
}

NodeStatus EnergyNode::status() const {
  NodeStatus status;
  status.reading = lastReading_;
  status.hasReading = hasReading_;
  status.connection = connection_;
  status.queueLength = ledger_.queuedCount();
  status.energyExportedMicroWh = ledger_.finishedEnergyMicroWh(TradeRole::Export);
  status.energyImportedMicroWh = ledger_.finishedEnergyMicroWh(TradeRole::Import);
  const auto addBacklog = [&status](TradeRole role, uint64_t milliWh) {
    (role == TradeRole::Import ? status.importBacklogMilliWh : status.exportBacklogMilliWh) += milliWh;
  };
  if (const Trade* active = ledger_.active()) {
    status.activeTrade = *active;
    (active->role == TradeRole::Import ? status.energyImportedMicroWh
                                       : status.energyExportedMicroWh) += active->deliveredMicroWh;
    const uint64_t done = active->deliveredMilliWh();
    addBacklog(active->role, active->quantityMilliWh > done ? active->quantityMilliWh - done : 0);
  }
  for (const Trade& queued : ledger_.queued()) addBacklog(queued.role, queued.quantityMilliWh);
  return status;
}

void EnergyNode::shutdown(uint64_t nowMs) {
  connectLine(LineConnection::Open);
  if (const Trade* active = ledger_.active()) {
    store_.saveCheckpoint({active->id, active->deliveredMicroWh, nowMs});
  }
}

void EnergyNode::connectLine(LineConnection connection) {
  relay_.connect(connection);
  connection_ = connection;
}

void EnergyNode::persistLedger() { store_.saveLedger(ledger_.snapshot()); }

void EnergyNode::notify(TradeEvent event, const Trade& trade) {
  if (observer_ != nullptr) observer_->onTradeEvent(event, trade);
}

}  // namespace energy_node
