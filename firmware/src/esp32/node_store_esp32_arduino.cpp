#include "node_store_esp32_arduino.h"

#include "../core/ledger_codec.h"

namespace energy_node {
namespace {

constexpr const char* kNamespace = "energy-node";
constexpr const char* kLedgerKey = "ledger";
constexpr const char* kCheckpointKey = "checkpoint";

class PendingLock {
 public:
  explicit PendingLock(SemaphoreHandle_t mutex) : mutex_(mutex) { xSemaphoreTake(mutex_, portMAX_DELAY); }
  ~PendingLock() { xSemaphoreGive(mutex_); }

 private:
  SemaphoreHandle_t mutex_;
};

}  // namespace

bool NvsNodeStore::begin() {
  pendingMutex_ = xSemaphoreCreateMutex();
  return preferences_.begin(kNamespace, false);
}

StoreLoadResult NvsNodeStore::load(StoredState& state) {
  const size_t ledgerLength = preferences_.getBytesLength(kLedgerKey);
  if (ledgerLength == 0) return StoreLoadResult::Empty;
  std::vector<uint8_t> blob(ledgerLength);
  if (preferences_.getBytes(kLedgerKey, blob.data(), blob.size()) != ledgerLength ||
      !decodeLedger(blob.data(), blob.size(), state.ledger)) {
    return StoreLoadResult::Corrupt;
  }
  state.checkpoint.reset();
  state.checkpointDamaged = false;
  const size_t checkpointLength = preferences_.getBytesLength(kCheckpointKey);
  if (checkpointLength > 0) {
    uint8_t buffer[64];
    DeliveryCheckpoint stored;
    if (checkpointLength <= sizeof buffer &&
        preferences_.getBytes(kCheckpointKey, buffer, checkpointLength) == checkpointLength &&
        decodeCheckpoint(buffer, checkpointLength, stored)) {
      state.checkpoint = stored;
    } else {
      // The progress of an interrupted delivery is unknown: it is not resumed.
      state.checkpointDamaged = true;
    }
  }
  return StoreLoadResult::Loaded;
}

void NvsNodeStore::saveLedger(const LedgerSnapshot& ledger) {
  std::vector<uint8_t> blob = encodeLedger(ledger);
  PendingLock lock(pendingMutex_);
  pendingLedger_.swap(blob);
  ledgerPending_ = true;
}

void NvsNodeStore::saveCheckpoint(const DeliveryCheckpoint& checkpoint) {
  std::vector<uint8_t> blob = encodeCheckpoint(checkpoint);
  PendingLock lock(pendingMutex_);
  pendingCheckpoint_.swap(blob);
  checkpointPending_ = true;
}

bool NvsNodeStore::hasPending() const {
  PendingLock lock(pendingMutex_);
  return ledgerPending_ || checkpointPending_;
}

void NvsNodeStore::persistPending() {
  std::vector<uint8_t> ledger;
  std::vector<uint8_t> checkpoint;
  bool writeLedger = false;
  bool writeCheckpoint = false;
  {
    // Only the hand-over happens under the lock; the slow writes do not.
    PendingLock lock(pendingMutex_);
    writeLedger = ledgerPending_;
    writeCheckpoint = checkpointPending_;
    if (writeLedger) ledger.swap(pendingLedger_);
    if (writeCheckpoint) checkpoint.swap(pendingCheckpoint_);
    ledgerPending_ = false;
    checkpointPending_ = false;
  }
  bool ok = true;
  if (writeLedger) ok = preferences_.putBytes(kLedgerKey, ledger.data(), ledger.size()) == ledger.size() && ok;
  if (writeCheckpoint) {
    ok = preferences_.putBytes(kCheckpointKey, checkpoint.data(), checkpoint.size()) == checkpoint.size() && ok;
  }
  if (writeLedger || writeCheckpoint) lastWriteOk_ = ok;
}

}  // namespace energy_node
