// Host stand-in for the Arduino core's Preferences (NVS) library (see README.md).
#pragma once

#include "Arduino.h"

class Preferences {
 public:
  Preferences();
  ~Preferences();

  bool begin(const char* name, bool readOnly = false, const char* partition_label = nullptr);
  void end();
  bool clear();
  bool remove(const char* key);
  bool isKey(const char* key);
  size_t putBytes(const char* key, const void* value, size_t len);
  size_t getBytesLength(const char* key);
  size_t getBytes(const char* key, void* buf, size_t maxLen);
  size_t putULong64(const char* key, uint64_t value);
  uint64_t getULong64(const char* key, uint64_t defaultValue = 0);

 private:
  std::string namespace_;
  bool started_ = false;
  bool readOnly_ = false;
};
