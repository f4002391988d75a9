// Host stand-in for cores/esp32/HardwareSerial.h (Arduino-ESP32 3.x): the
// begin() the sketch calls, and Serial as a Print; see README.md.
#pragma once

#include <cstdint>

#include "Print.h"

#define SERIAL_8N1 0x800001c

class HardwareSerial : public Print {
 public:
  void begin(unsigned long baud, uint32_t config = SERIAL_8N1, int8_t rxPin = -1, int8_t txPin = -1,
             bool invert = false, unsigned long timeout_ms = 20000UL, uint8_t rxfifo_full_thrhd = 120);
  size_t write(uint8_t byte) override;
  using Print::write;
};

extern HardwareSerial Serial;
