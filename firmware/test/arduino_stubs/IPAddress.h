// Host stand-in for the Arduino core's IPAddress (see README.md).
#pragma once

#include <cstdint>

#include "Arduino.h"

class IPAddress {
 public:
  IPAddress() = default;
  IPAddress(uint8_t a, uint8_t b, uint8_t c, uint8_t d) : octets_{a, b, c, d} {}
  String toString() const;

 private:
  uint8_t octets_[4] = {0, 0, 0, 0};
};
