// NVS (Preferences) keeps the ledger and the delivery checkpoint across power
// loss, as two blobs in the "energy-node" namespace.
//
// Write-behind: saveLedger/saveCheckpoint (called by the core under the node
// mutex, from the metering task or a web request) only encode into a pending
// buffer; persistPending(), run by a low-priority task of its own, writes
// them. A flash write (tens of ms for a page erase) therefore never holds up
// a sample or a relay cut.
#pragma once

#include <Preferences.h>
#include <freertos/FreeRTOS.h>
#include <freertos/semphr.h>

#include <cstdint>
#include <vector>

#include "../core/node_store.h"

namespace energy_node {

class NvsNodeStore : public NodeStore {
 public:
  bool begin();
  StoreLoadResult load(StoredState& state) override;
  void saveLedger(const LedgerSnapshot& ledger) override;
  void saveCheckpoint(const DeliveryCheckpoint& checkpoint) override;

  // Writes what is pending, ledger first; the store task calls it, and
  // setup() once before the metering task starts.
  void persistPending();
  bool hasPending() const;
  // Whether the last write went through, for the log.
  bool lastWriteOk() const { return lastWriteOk_; }

 private:
  Preferences preferences_;
  SemaphoreHandle_t pendingMutex_ = nullptr;
  std::vector<uint8_t> pendingLedger_;
  std::vector<uint8_t> pendingCheckpoint_;
  bool ledgerPending_ = false;
  bool checkpointPending_ = false;
  bool lastWriteOk_ = true;
};

}  // namespace energy_node
