// Compact binary form of what the node keeps, for NVS on the ESP32:
// little-endian fields and a CRC-32, so a torn or stale blob is detected
// rather than read as trades.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "node_store.h"

namespace energy_node {

std::vector<uint8_t> encodeLedger(const LedgerSnapshot& ledger);
bool decodeLedger(const uint8_t* data, size_t length, LedgerSnapshot& ledger);

std::vector<uint8_t> encodeCheckpoint(const DeliveryCheckpoint& checkpoint);
bool decodeCheckpoint(const uint8_t* data, size_t length, DeliveryCheckpoint& checkpoint);

uint32_t crc32(const uint8_t* data, size_t length);

}  // namespace energy_node
