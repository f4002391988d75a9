// Host stand-in for cores/esp32/IPAddress.h (Arduino-ESP32 3.x), IPv4 only;
// see README.md.
#pragma once

#include <cstdint>

#include "WString.h"

class IPAddress {
 public:
  IPAddress() = default;
  IPAddress(uint8_t first_octet, uint8_t second_octet, uint8_t third_octet, uint8_t fourth_octet)
      : octets_{first_octet, second_octet, third_octet, fourth_octet} {}
  String toString(bool includeZone = false) const;

 private:
  uint8_t octets_[4] = {0, 0, 0, 0};
};
