#include "node_store_esp32_arduino.h"

#include <vector>

#include "../core/ledger_codec.h"

namespace energy_node {
namespace {

constexpr const char* kNamespace = "energy-node";
constexpr const char* kLedgerKey = "ledger";
constexpr const char* kCheckpointKey = "checkpoint";

}  // namespace

bool NvsNodeStore::begin() { return preferences_.begin(kNamespace, false); }

StoreLoadResult NvsNodeStore::load(LedgerSnapshot& ledger, std::optional<DeliveryCheckpoint>& checkpoint) {
  const size_t ledgerLength = preferences_.getBytesLength(kLedgerKey);
  if (ledgerLength == 0) return StoreLoadResult::Empty;
  std::vector<uint8_t> blob(ledgerLength);
  if (preferences_.getBytes(kLedgerKey, blob.data(), blob.size()) != ledgerLength ||
      !decodeLedger(blob.data(), blob.size(), ledger)) {
    return StoreLoadResult::Corrupt;
  }
  checkpoint.reset();
  const size_t checkpointLength = preferences_.getBytesLength(kCheckpointKey);
  if (checkpointLength > 0 && checkpointLength <= 64) {
    uint8_t buffer[64];
    DeliveryCheckpoint stored;
    // A damaged checkpoint only costs the figure since the trade started.
    if (preferences_.getBytes(kCheckpointKey, buffer, checkpointLength) == checkpointLength &&
        decodeCheckpoint(buffer, checkpointLength, stored)) {
      checkpoint = stored;
    }
  }
  return StoreLoadResult::Loaded;
}

void NvsNodeStore::saveLedger(const LedgerSnapshot& ledger) {
  const std::vector<uint8_t> blob = encodeLedger(ledger);
  lastWriteOk_ = preferences_.putBytes(kLedgerKey, blob.data(), blob.size()) == blob.size();
}

void NvsNodeStore::saveCheckpoint(const DeliveryCheckpoint& checkpoint) {
  const std::vector<uint8_t> blob = encodeCheckpoint(checkpoint);
  lastWriteOk_ = preferences_.putBytes(kCheckpointKey, blob.data(), blob.size()) == blob.size();
}

}  // namespace energy_node
