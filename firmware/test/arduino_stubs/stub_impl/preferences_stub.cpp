// Behind Preferences.h: NVS as a map that outlives Preferences objects.
#include <cstring>

#include "../Preferences.h"
#include "../stub_control.h"

namespace arduino_stub {

std::map<std::string, std::map<std::string, std::vector<uint8_t>>>& flash() {
  static std::map<std::string, std::map<std::string, std::vector<uint8_t>>> storage;
  return storage;
}

namespace {
int writes = 0;
}  // namespace

int flashWrites() { return writes; }
void countFlashWrite() { ++writes; }

}  // namespace arduino_stub

namespace {

// NVS keys are at most 15 characters; longer ones fail on the chip.
bool validKey(const char* key) { return key != nullptr && std::strlen(key) > 0 && std::strlen(key) <= 15; }

}  // namespace

Preferences::Preferences() = default;
Preferences::~Preferences() { end(); }

bool Preferences::begin(const char* name, bool readOnly, const char*) {
  if (name == nullptr || std::strlen(name) > 15) return false;
  namespace_ = name;
  readOnly_ = readOnly;
  started_ = true;
  return true;
}

void Preferences::end() { started_ = false; }

bool Preferences::clear() {
  if (!started_ || readOnly_) return false;
  arduino_stub::flash()[namespace_].clear();
  return true;
}

bool Preferences::remove(const char* key) {
  if (!started_ || readOnly_ || !validKey(key)) return false;
  return arduino_stub::flash()[namespace_].erase(key) > 0;
}

bool Preferences::isKey(const char* key) {
  return started_ && validKey(key) && arduino_stub::flash()[namespace_].count(key) > 0;
}

size_t Preferences::putBytes(const char* key, const void* value, size_t len) {
  if (!started_ || readOnly_ || !validKey(key) || value == nullptr || len == 0) return 0;
  const auto* bytes = static_cast<const uint8_t*>(value);
  arduino_stub::flash()[namespace_][key] = std::vector<uint8_t>(bytes, bytes + len);
  arduino_stub::countFlashWrite();
  return len;
}

size_t Preferences::getBytesLength(const char* key) {
  if (!isKey(key)) return 0;
  return arduino_stub::flash()[namespace_][key].size();
}

size_t Preferences::getBytes(const char* key, void* buf, size_t maxLen) {
  if (!isKey(key) || buf == nullptr) return 0;
  const std::vector<uint8_t>& stored = arduino_stub::flash()[namespace_][key];
  if (stored.size() > maxLen) return 0;
  std::memcpy(buf, stored.data(), stored.size());
  return stored.size();
}

size_t Preferences::putULong64(const char* key, uint64_t value) { return putBytes(key, &value, sizeof value); }

uint64_t Preferences::getULong64(const char* key, uint64_t defaultValue) {
  uint64_t value = defaultValue;
  return getBytes(key, &value, sizeof value) == sizeof value ? value : defaultValue;
}

PreferenceType Preferences::getType(const char* key) { return isKey(key) ? PT_BLOB : PT_INVALID; }

// A 20 kB NVS partition has 4 usable pages of 126 entries.
size_t Preferences::freeEntries() {
  if (!started_) return 0;
  size_t used = 0;
  for (const auto& entry : arduino_stub::flash()[namespace_]) used += 1 + (entry.second.size() + 31) / 32;
  return used >= 504 ? 0 : 504 - used;
}
