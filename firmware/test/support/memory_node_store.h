// A store that keeps the node's state in memory and survives a "reboot"
// (a new EnergyNode over the same store), like NVS across power loss.
#pragma once

#include <functional>
#include <optional>

#include "../../src/core/node_store.h"

namespace energy_node::testing {

class MemoryNodeStore : public NodeStore {
 public:
  StoreLoadResult load(StoredState& state) override {
    if (!ledger_) return StoreLoadResult::Empty;
    state.ledger = *ledger_;
    state.checkpoint = checkpoint_;
    state.checkpointDamaged = checkpointDamaged;
    return StoreLoadResult::Loaded;
  }
  void saveLedger(const LedgerSnapshot& ledger) override {
    ledger_ = ledger;
    ++ledgerSaves_;
    if (onLedgerSaved) onLedgerSaved(ledger);
  }
  void saveCheckpoint(const DeliveryCheckpoint& checkpoint) override {
    checkpoint_ = checkpoint;
    ++checkpointSaves_;
  }

  const std::optional<LedgerSnapshot>& ledger() const { return ledger_; }
  const std::optional<DeliveryCheckpoint>& checkpoint() const { return checkpoint_; }
  int ledgerSaves() const { return ledgerSaves_; }
  int checkpointSaves() const { return checkpointSaves_; }

  // Lets a test look at the world at the moment a ledger is written.
  std::function<void(const LedgerSnapshot&)> onLedgerSaved;
  // The next load reports the checkpoint as unreadable (a damaged NVS blob).
  bool checkpointDamaged = false;

 private:
  std::optional<LedgerSnapshot> ledger_;
  std::optional<DeliveryCheckpoint> checkpoint_;
  int ledgerSaves_ = 0;
  int checkpointSaves_ = 0;
};

}  // namespace energy_node::testing
