#include "node_store_host.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "../src/core/json_value.h"
#include "../src/core/json_writer.h"
#include "parent_directories_host.h"

namespace energy_node {
namespace {

constexpr const char* kFormat = "energy-node-state";
// Version 2 adds each trade's role and restarts, the imported total and the
// household; version 1 files (export only) are still read.
constexpr int64_t kVersion = 2;

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

bool readTrade(const JsonValue& object, int64_t version, Trade& trade) {
  if (object.kind != JsonValue::Kind::Object) return false;
  if (!readUnsigned(object, "tradeId", trade.id)) return false;
  if (version >= 2) {
    const JsonValue* role = object.member("role");
    uint64_t restarts = 0;
    if (role == nullptr || role->kind != JsonValue::Kind::String || !tradeRoleFromName(role->text, trade.role) ||
        !readUnsigned(object, "restarts", restarts) || restarts > 255) {
      return false;
    }
    trade.restarts = uint8_t(restarts);
  }
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

int64_t toMicroWh(double wattHours) { return int64_t(std::llround(wattHours * 1e6)); }
double fromMicroWh(int64_t microWattHours) { return double(microWattHours) / 1e6; }

bool readHousehold(const JsonValue& object, HouseholdState& household) {
  if (object.kind != JsonValue::Kind::Object) return false;
  const JsonValue* outputOn = object.member("outputOn");
  if (outputOn == nullptr || outputOn->kind != JsonValue::Kind::Bool) return false;
  household.outputOn = outputOn->boolean;
  int64_t remaining, pv, load, unmet, curtailed, exported, imported;
  if (!readUnsigned(object, "timeMs", household.timeMs) || !readSigned(object, "remainingMicroWh", remaining) ||
      !readSigned(object, "pvMicroWh", pv) || !readSigned(object, "loadMicroWh", load) ||
      !readSigned(object, "unmetLoadMicroWh", unmet) || !readSigned(object, "curtailedMicroWh", curtailed) ||
      !readSigned(object, "exportedMicroWh", exported) || !readSigned(object, "importedMicroWh", imported)) {
    return false;
  }
  household.remainingWh = fromMicroWh(remaining);
  household.pvWh = fromMicroWh(pv);
  household.loadWh = fromMicroWh(load);
  household.unmetLoadWh = fromMicroWh(unmet);
  household.curtailedWh = fromMicroWh(curtailed);
  household.exportedWh = fromMicroWh(exported);
  household.importedWh = fromMicroWh(imported);
  return true;
}

}  // namespace

std::string stateFileJson(const LedgerSnapshot& ledger, const std::optional<DeliveryCheckpoint>& checkpoint,
                          const std::optional<HouseholdState>& household) {
  std::string out;
  out.reserve(400 + ledger.trades.size() * 220);
  out += "{\n  \"format\": \"";
  out += kFormat;
  out += "\",\n  \"version\": ";
  appendSigned(out, kVersion);
  out += ",\n  \"energyExportedMicroWh\": ";
  appendSigned(out, ledger.energyExportedMicroWh);
  out += ",\n  \"energyImportedMicroWh\": ";
  appendSigned(out, ledger.energyImportedMicroWh);
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
  out += ",\n  \"household\": ";
  if (household) {
    const auto field = [&out](const char* name, int64_t value, bool first = false) {
      out += first ? "\"" : ", \"";
      out += name;
      out += "\": ";
      appendSigned(out, value);
    };
    out += "{";
    field("timeMs", int64_t(household->timeMs), true);
    field("remainingMicroWh", toMicroWh(household->remainingWh));
    out += ", \"outputOn\": ";
    out += household->outputOn ? "true" : "false";
    field("pvMicroWh", toMicroWh(household->pvWh));
    field("loadMicroWh", toMicroWh(household->loadWh));
    field("unmetLoadMicroWh", toMicroWh(household->unmetLoadWh));
    field("curtailedMicroWh", toMicroWh(household->curtailedWh));
    field("exportedMicroWh", toMicroWh(household->exportedWh));
    field("importedMicroWh", toMicroWh(household->importedWh));
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
    out += ", \"role\": ";
    appendJsonString(out, tradeRoleName(trade.role));
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
    out += ", \"restarts\": ";
    appendUnsigned(out, trade.restarts);
    out += "}";
  }
  out += ledger.trades.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

bool parseStateFileJson(const std::string& text, LedgerSnapshot& ledger,
                        std::optional<DeliveryCheckpoint>& checkpoint,
                        std::optional<HouseholdState>& household, std::string& error) {
  JsonValue document;
  if (!parseJson(text, document, error)) return false;
  const JsonValue* format = document.member("format");
  int64_t version = 0;
  if (document.kind != JsonValue::Kind::Object || format == nullptr ||
      format->kind != JsonValue::Kind::String || format->text != kFormat ||
      !readSigned(document, "version", version) || version < 1 || version > kVersion) {
    error = std::string("not an energy-node state file of version 1 to ") + std::to_string(kVersion);
    return false;
  }
  LedgerSnapshot parsed;
  const bool totalsRead = version >= 2 ? readSigned(document, "energyExportedMicroWh", parsed.energyExportedMicroWh) &&
                                             readSigned(document, "energyImportedMicroWh", parsed.energyImportedMicroWh)
                                       : readSigned(document, "energyTotalMicroWh", parsed.energyExportedMicroWh);
  if (!totalsRead) {
    error = "energy totals missing or not integers";
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
  std::optional<HouseholdState> parsedHousehold;
  const JsonValue* storedHousehold = document.member("household");
  if (storedHousehold != nullptr && storedHousehold->kind != JsonValue::Kind::Null) {
    HouseholdState value;
    if (!readHousehold(*storedHousehold, value)) {
      error = "malformed household";
      return false;
    }
    parsedHousehold = value;
  }
  const JsonValue* trades = document.member("trades");
  if (trades == nullptr || trades->kind != JsonValue::Kind::Array) {
    error = "trades missing";
    return false;
  }
  for (size_t i = 0; i < trades->items.size(); ++i) {
    Trade trade;
    if (!readTrade(trades->items[i], version, trade)) {
      error = "malformed trade at index " + std::to_string(i);
      return false;
    }
    parsed.trades.push_back(trade);
  }
  ledger = std::move(parsed);
  checkpoint = parsedCheckpoint;
  household = parsedHousehold;
  return true;
}

FileNodeStore::FileNodeStore(std::string path, std::chrono::milliseconds checkpointGap,
                             std::chrono::milliseconds householdGap)
    : path_(std::move(path)), checkpointGap_(checkpointGap), householdGap_(householdGap) {}

StoreLoadResult FileNodeStore::load(StoredState& state) {
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
  if (!parseStateFileJson(text.str(), state.ledger, state.checkpoint, household_, error)) {
    lastError_ = path_ + ": " + error;
    return StoreLoadResult::Corrupt;
  }
  // One file written whole: the checkpoint is either there and sound, or absent.
  state.checkpointDamaged = false;
  ledger_ = state.ledger;
  checkpoint_ = state.checkpoint;
  return StoreLoadResult::Loaded;
}

void FileNodeStore::saveLedger(const LedgerSnapshot& ledger) {
  ledger_ = ledger;
  writeFile();
}

void FileNodeStore::saveCheckpoint(const DeliveryCheckpoint& checkpoint) {
  checkpoint_ = checkpoint;
  checkpointPending_ = true;
  flushIfDue();
}

void FileNodeStore::setHousehold(const HouseholdState& household) {
  household_ = household;
  householdPending_ = true;
}

void FileNodeStore::flushIfDue() {
  const auto sinceWrite = std::chrono::steady_clock::now() - lastWrite_;
  if ((checkpointPending_ && sinceWrite >= checkpointGap_) || (householdPending_ && sinceWrite >= householdGap_)) {
    writeFile();
  }
}

void FileNodeStore::flush() {
  if (checkpointPending_ || householdPending_) writeFile();
}

bool FileNodeStore::writeFile() {
  const bool written = replaceFile();
  if (!written) std::fprintf(stderr, "energy-node: state not saved: %s\n", lastError_.c_str());
  return written;
}

bool FileNodeStore::replaceFile() {
  const std::string text = stateFileJson(ledger_, checkpoint_, household_);
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
  checkpointPending_ = false;
  householdPending_ = false;
  lastWrite_ = std::chrono::steady_clock::now();
  return true;
}

}  // namespace energy_node
