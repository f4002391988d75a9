#include "node_store_host.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "../src/core/json_value.h"
#include "../src/core/json_writer.h"

namespace energy_node {
namespace {

constexpr const char* kFormat = "energy-node-state";
constexpr int64_t kVersion = 1;

void appendSigned(std::string& out, int64_t value) {
  if (value < 0) {
    out.push_back('-');
    appendUnsigned(out, uint64_t(-(value + 1)) + 1);
  } else {
    appendUnsigned(out, uint64_t(value));
  }
}

bool readUnsigned(const JsonValue& object, const char* key, uint64_t& out) {
  const JsonValue* value = object.member(key);
  return value != nullptr && value->asUnsigned(out);
}

bool readSigned(const JsonValue& object, const char* key, int64_t& out) {
  const JsonValue* value = object.member(key);
  return value != nullptr && value->asSigned(out);
}

// An optional time: null or an unsigned integer.
bool readOptionalTime(const JsonValue& object, const char* key, bool& present, uint64_t& out) {
  const JsonValue* value = object.member(key);
  if (value == nullptr) return false;
  if (value->kind == JsonValue::Kind::Null) {
    present = false;
    out = 0;
    return true;
  }
  present = true;
  return value->asUnsigned(out);
}

bool readTrade(const JsonValue& object, Trade& trade) {
  if (object.kind != JsonValue::Kind::Object) return false;
  if (!readUnsigned(object, "tradeId", trade.id)) return false;
  if (!readUnsigned(object, "quantityMilliWh", trade.quantityMilliWh)) return false;
  if (!readSigned(object, "deliveredMicroWh", trade.deliveredMicroWh)) return false;
  const JsonValue* state = object.member("state");
  if (state == nullptr || state->kind != JsonValue::Kind::String ||
      !tradeStateFromName(state->text, trade.state)) {
    return false;
  }
  const JsonValue* reason = object.member("stopReason");
  if (reason == nullptr) return false;
  if (reason->kind == JsonValue::Kind::Null) {
    trade.stopReason = StopReason::None;
  } else if (reason->kind != JsonValue::Kind::String ||
             !stopReasonFromName(reason->text, trade.stopReason) ||
             trade.stopReason == StopReason::None) {
    return false;
  }
  return readOptionalTime(object, "startedAtMs", trade.started, trade.startedAtMs) &&
         readOptionalTime(object, "endedAtMs", trade.ended, trade.endedAtMs);
}

bool makeParentDirectories(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string parent = path.substr(0, slash);
    if (::mkdir(parent.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

}  // namespace

std::string stateFileJson(const LedgerSnapshot& ledger,
                          const std::optional<DeliveryCheckpoint>& checkpoint) {
  std::string out;
  out.reserve(200 + ledger.trades.size() * 200);
  out += "{\n  \"format\": \"";
  out += kFormat;
  out += "\",\n  \"version\": ";
  appendSigned(out, kVersion);
  out += ",\n  \"energyTotalMicroWh\": ";
  appendSigned(out, ledger.energyTotalMicroWh);
  out += ",\n  \"forgottenUpToTradeId\": ";
  if (ledger.hasForgotten) {
    appendUnsigned(out, ledger.forgottenUpToId);
  } else {
    out += "null";
  }
  out += ",\n  \"checkpoint\": ";
  if (checkpoint) {
    out += "{\"tradeId\": ";
    appendUnsigned(out, checkpoint->tradeId);
    out += ", \"deliveredMicroWh\": ";
    appendSigned(out, checkpoint->deliveredMicroWh);
    out += ", \"atMs\": ";
    appendUnsigned(out, checkpoint->atMs);
    out += "}";
  } else {
    out += "null";
  }
  out += ",\n  \"trades\": [";
  for (size_t i = 0; i < ledger.trades.size(); ++i) {
    const Trade& trade = ledger.trades[i];
    out += i == 0 ? "\n    " : ",\n    ";
    out += "{\"tradeId\": ";
    appendUnsigned(out, trade.id);
    out += ", \"quantityMilliWh\": ";
    appendUnsigned(out, trade.quantityMilliWh);
    out += ", \"state\": ";
    appendJsonString(out, tradeStateName(trade.state));
    out += ", \"stopReason\": ";
    if (trade.stopReason == StopReason::None) {
      out += "null";
    } else {
      appendJsonString(out, stopReasonName(trade.stopReason));
    }
    out += ", \"deliveredMicroWh\": ";
    appendSigned(out, trade.deliveredMicroWh);
    out += ", \"startedAtMs\": ";
    if (trade.started) {
      appendUnsigned(out, trade.startedAtMs);
    } else {
      out += "null";
    }
    out += ", \"endedAtMs\": ";
    if (trade.ended) {
      appendUnsigned(out, trade.endedAtMs);
    } else {
      out += "null";
    }
    out += "}";
  }
  out += ledger.trades.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

bool parseStateFileJson(const std::string& text, LedgerSnapshot& ledger,
                        std::optional<DeliveryCheckpoint>& checkpoint, std::string& error) {
  JsonValue document;
  if (!parseJson(text, document, error)) return false;
  const JsonValue* format = document.member("format");
  int64_t version = 0;
  if (document.kind != JsonValue::Kind::Object || format == nullptr ||
      format->kind != JsonValue::Kind::String || format->text != kFormat ||
      !readSigned(document, "version", version) || version != kVersion) {
    error = std::string("not an energy-node state file of version ") + std::to_string(kVersion);
    return false;
  }
  LedgerSnapshot parsed;
  if (!readSigned(document, "energyTotalMicroWh", parsed.energyTotalMicroWh)) {
    error = "energyTotalMicroWh missing or not an integer";
    return false;
  }
  if (!readOptionalTime(document, "forgottenUpToTradeId", parsed.hasForgotten,
                        parsed.forgottenUpToId)) {
    error = "forgottenUpToTradeId missing or not an integer";
    return false;
  }
  std::optional<DeliveryCheckpoint> parsedCheckpoint;
  const JsonValue* storedCheckpoint = document.member("checkpoint");
  if (storedCheckpoint == nullptr) {
    error = "checkpoint missing";
    return false;
  }
  if (storedCheckpoint->kind != JsonValue::Kind::Null) {
    DeliveryCheckpoint value;
    if (!readUnsigned(*storedCheckpoint, "tradeId", value.tradeId) ||
        !readSigned(*storedCheckpoint, "deliveredMicroWh", value.deliveredMicroWh) ||
        !readUnsigned(*storedCheckpoint, "atMs", value.atMs)) {
      error = "malformed checkpoint";
      return false;
    }
    parsedCheckpoint = value;
  }
  const JsonValue* trades = document.member("trades");
  if (trades == nullptr || trades->kind != JsonValue::Kind::Array) {
    error = "trades missing";
    return false;
  }
  for (size_t i = 0; i < trades->items.size(); ++i) {
    Trade trade;
    if (!readTrade(trades->items[i], trade)) {
      error = "malformed trade at index " + std::to_string(i);
      return false;
    }
    parsed.trades.push_back(trade);
  }
  ledger = std::move(parsed);
  checkpoint = parsedCheckpoint;
  return true;
}

FileNodeStore::FileNodeStore(std::string path, std::chrono::milliseconds checkpointGap)
    : path_(std::move(path)), checkpointGap_(checkpointGap) {}

StoreLoadResult FileNodeStore::load(LedgerSnapshot& ledger,
                                    std::optional<DeliveryCheckpoint>& checkpoint) {
  struct stat info;
  if (::stat(path_.c_str(), &info) != 0 && errno == ENOENT) return StoreLoadResult::Empty;
  std::ifstream file(path_, std::ios::binary);
  if (!file) {
    lastError_ = "cannot read " + path_ + ": " + std::strerror(errno);
    return StoreLoadResult::Corrupt;
  }
  std::stringstream text;
  text << file.rdbuf();
  std::string error;
  if (!parseStateFileJson(text.str(), ledger, checkpoint, error)) {
    lastError_ = path_ + ": " + error;
    return StoreLoadResult::Corrupt;
  }
  ledger_ = ledger;
  checkpoint_ = checkpoint;
  return StoreLoadResult::Loaded;
}

void FileNodeStore::saveLedger(const LedgerSnapshot& ledger) {
  ledger_ = ledger;
  writeFile();
}

void FileNodeStore::saveCheckpoint(const DeliveryCheckpoint& checkpoint) {
  checkpoint_ = checkpoint;
  pending_ = true;
  flushIfDue();
}

void FileNodeStore::flushIfDue() {
  if (pending_ && std::chrono::steady_clock::now() - lastWrite_ >= checkpointGap_) writeFile();
}

void FileNodeStore::flush() {
  if (pending_) writeFile();
}

bool FileNodeStore::writeFile() {
  const bool written = replaceFile();
  if (!written) std::fprintf(stderr, "energy-node: state not saved: %s\n", lastError_.c_str());
  return written;
}

bool FileNodeStore::replaceFile() {
  const std::string text = stateFileJson(ledger_, checkpoint_);
  const std::string temporary = path_ + ".tmp";
  makeParentDirectories(path_);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    lastError_ = "cannot write " + temporary + ": " + std::strerror(errno);
    return false;
  }
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      lastError_ = "cannot write " + temporary + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    written += size_t(n);
  }
  // No fsync: the rename alone is atomic against a crash of the emulator,
  // which is what it must survive; the write happens under the node lock,
  // where a disk flush would stall status requests.
  ::close(fd);
  if (::rename(temporary.c_str(), path_.c_str()) != 0) {
    lastError_ = "cannot replace " + path_ + ": " + std::strerror(errno);
    return false;
  }
  pending_ = false;
  lastWrite_ = std::chrono::steady_clock::now();
  return true;
}

}  // namespace energy_node
