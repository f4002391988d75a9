// Host stand-in for libraries/Preferences/src/Preferences.h (Arduino-ESP32
// 3.x): the whole public API with its signatures; the node uses the blob
// calls. NVS lives in a map that outlives Preferences objects; see README.md.
#pragma once

#include <cmath>
#include <string>

#include "Arduino.h"

typedef enum { PT_I8, PT_U8, PT_I16, PT_U16, PT_I32, PT_U32, PT_I64, PT_U64, PT_STR, PT_BLOB, PT_INVALID } PreferenceType;

class Preferences {
 public:
  Preferences();
  ~Preferences();

  bool begin(const char* name, bool readOnly = false, const char* partition_label = nullptr);
  void end();

  bool clear();
  bool remove(const char* key);

  size_t putULong64(const char* key, uint64_t value);
  size_t putBytes(const char* key, const void* value, size_t len);

  bool isKey(const char* key);
  PreferenceType getType(const char* key);
  uint64_t getULong64(const char* key, uint64_t defaultValue = 0);
  size_t getBytesLength(const char* key);
  size_t getBytes(const char* key, void* buf, size_t maxLen);
  size_t freeEntries();

 private:
  std::string namespace_;
  bool started_ = false;
  bool readOnly_ = false;
};
