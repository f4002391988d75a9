#include "ledger_codec.h"

namespace energy_node {
namespace {

// Version 2 adds the role and restart count of each trade and the imported
// total; version 1 blobs (export only) are still read.
constexpr uint8_t kLedgerMagicV1[4] = {'E', 'N', 'L', '1'};
constexpr uint8_t kLedgerMagic[4] = {'E', 'N', 'L', '2'};
constexpr uint8_t kCheckpointMagic[4] = {'E', 'N', 'C', '1'};
constexpr size_t kLedgerHeaderBytesV1 = 4 + 4 + 8 + 8 + 4;
constexpr size_t kLedgerHeaderBytes = 4 + 4 + 8 + 8 + 8 + 4;
constexpr size_t kTradeRecordBytesV1 = 8 * 5 + 3;
constexpr size_t kTradeRecordBytes = 8 * 5 + 5;
constexpr size_t kCheckpointBytes = 4 + 8 * 3 + 4;

class Writer {
 public:
  explicit Writer(std::vector<uint8_t>& out) : out_(out) {}
  void bytes(const uint8_t* data, size_t length) { out_.insert(out_.end(), data, data + length); }
  void u8(uint8_t value) { out_.push_back(value); }
  void u32(uint32_t value) {
    for (int i = 0; i < 4; ++i) out_.push_back(uint8_t(value >> (8 * i)));
  }
  void u64(uint64_t value) {
    for (int i = 0; i < 8; ++i) out_.push_back(uint8_t(value >> (8 * i)));
  }
  void appendCrc() { u32(crc32(out_.data(), out_.size())); }

 private:
  std::vector<uint8_t>& out_;
};

class Reader {
 public:
  Reader(const uint8_t* data) : data_(data) {}
  uint8_t u8() { return data_[offset_++]; }
  uint32_t u32() {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= uint32_t(data_[offset_++]) << (8 * i);
    return value;
  }
  uint64_t u64() {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) value |= uint64_t(data_[offset_++]) << (8 * i);
    return value;
  }

 private:
  const uint8_t* data_;
  size_t offset_ = 0;
};

bool hasMagic(const uint8_t* data, const uint8_t (&magic)[4]) {
  for (int i = 0; i < 4; ++i) {
    if (data[i] != magic[i]) return false;
  }
  return true;
}

bool crcMatches(const uint8_t* data, size_t length) {
  const size_t body = length - 4;
  Reader trailer(data + body);
  return trailer.u32() == crc32(data, body);
}

}  // namespace

uint32_t crc32(const uint8_t* data, size_t length) {
  // Bitwise CRC-32 (IEEE 802.3); blobs are a few kilobytes written rarely.
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < length; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

std::vector<uint8_t> encodeLedger(const LedgerSnapshot& ledger) {
  std::vector<uint8_t> out;
  out.reserve(kLedgerHeaderBytes + ledger.trades.size() * kTradeRecordBytes + 4);
  Writer writer(out);
  writer.bytes(kLedgerMagic, 4);
  writer.u8(ledger.hasForgotten ? 1 : 0);
  writer.u8(0);
  writer.u8(0);
  writer.u8(0);
  writer.u64(uint64_t(ledger.energyExportedMicroWh));
  writer.u64(uint64_t(ledger.energyImportedMicroWh));
  writer.u64(ledger.forgottenUpToId);
  writer.u32(uint32_t(ledger.trades.size()));
  for (const Trade& trade : ledger.trades) {
    writer.u64(trade.id);
    writer.u64(trade.quantityMilliWh);
    writer.u64(uint64_t(trade.deliveredMicroWh));
    writer.u64(trade.startedAtMs);
    writer.u64(trade.endedAtMs);
    writer.u8(uint8_t(trade.state));
    writer.u8(uint8_t(trade.stopReason));
    writer.u8(uint8_t((trade.started ? 1 : 0) | (trade.ended ? 2 : 0)));
    writer.u8(uint8_t(trade.role));
    writer.u8(trade.restarts);
  }
  writer.appendCrc();
  return out;
}

bool decodeLedger(const uint8_t* data, size_t length, LedgerSnapshot& ledger) {
  if (length < kLedgerHeaderBytesV1 + 4) return false;
  const bool v2 = hasMagic(data, kLedgerMagic);
  if (!v2 && !hasMagic(data, kLedgerMagicV1)) return false;
  const size_t headerBytes = v2 ? kLedgerHeaderBytes : kLedgerHeaderBytesV1;
  const size_t recordBytes = v2 ? kTradeRecordBytes : kTradeRecordBytesV1;
  if (length < headerBytes + 4 || !crcMatches(data, length)) return false;
  Reader reader(data + 4);
  const uint8_t flags = reader.u8();
  reader.u8();
  reader.u8();
  reader.u8();
  LedgerSnapshot decoded;
  decoded.hasForgotten = (flags & 1) != 0;
  decoded.energyExportedMicroWh = int64_t(reader.u64());
  if (v2) decoded.energyImportedMicroWh = int64_t(reader.u64());
  decoded.forgottenUpToId = reader.u64();
  const uint32_t count = reader.u32();
  if ((length - headerBytes - 4) / recordBytes != count ||
      (length - headerBytes - 4) % recordBytes != 0) {
    return false;
  }
  decoded.trades.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    Trade trade;
    trade.id = reader.u64();
    trade.quantityMilliWh = reader.u64();
    trade.deliveredMicroWh = int64_t(reader.u64());
    trade.startedAtMs = reader.u64();
    trade.endedAtMs = reader.u64();
    const uint8_t state = reader.u8();
    const uint8_t reason = reader.u8();
    const uint8_t tradeFlags = reader.u8();
    const uint8_t role = v2 ? reader.u8() : 0;
    trade.restarts = v2 ? reader.u8() : 0;
    if (state > uint8_t(TradeState::Stopped) || reason > kLastStopReason ||
        role > uint8_t(TradeRole::Import)) {
      return false;
    }
    trade.state = TradeState(state);
    trade.stopReason = StopReason(reason);
    trade.role = TradeRole(role);
    trade.started = (tradeFlags & 1) != 0;
    trade.ended = (tradeFlags & 2) != 0;
    decoded.trades.push_back(trade);
  }
  ledger = std::move(decoded);
  return true;
}

std::vector<uint8_t> encodeCheckpoint(const DeliveryCheckpoint& checkpoint) {
  std::vector<uint8_t> out;
  out.reserve(kCheckpointBytes);
  Writer writer(out);
  writer.bytes(kCheckpointMagic, 4);
  writer.u64(checkpoint.tradeId);
  writer.u64(uint64_t(checkpoint.deliveredMicroWh));
  writer.u64(checkpoint.atMs);
  writer.appendCrc();
  return out;
}

bool decodeCheckpoint(const uint8_t* data, size_t length, DeliveryCheckpoint& checkpoint) {
  if (length != kCheckpointBytes || !hasMagic(data, kCheckpointMagic)) return false;
  if (!crcMatches(data, length)) return false;
  Reader reader(data + 4);
  checkpoint.tradeId = reader.u64();
  checkpoint.deliveredMicroWh = int64_t(reader.u64());
  checkpoint.atMs = reader.u64();
  return true;
}

}  // namespace energy_node
