#include "relay_switch_esp32_arduino.h"

#include <Arduino.h>

namespace energy_node {

void GpioRelays::begin() {
  // 3.x ignores digitalWrite on a pin not yet set up as a GPIO, so the
  // direction comes first. Any glitch until drive() lasts microseconds; a
  // relay coil needs milliseconds to pull in.
  pinMode(exportPin_, OUTPUT);
  pinMode(importPin_, OUTPUT);
  ready_ = true;
  drive();
}

void GpioRelays::connect(LineConnection connection) {
  connection_ = connection;
  if (ready_) drive();
}

void GpioRelays::drive() {
  const uint8_t open = activeHigh_ ? LOW : HIGH;
  const uint8_t closed = activeHigh_ ? HIGH : LOW;
  // Break before make: the relay that must be open is opened first. The core
  // never switches roles within one sample (100 ms), longer than a relay's release time.
  if (connection_ != LineConnection::Export) digitalWrite(exportPin_, open);
  if (connection_ != LineConnection::Import) digitalWrite(importPin_, open);
  if (connection_ == LineConnection::Export) digitalWrite(exportPin_, closed);
  if (connection_ == LineConnection::Import) digitalWrite(importPin_, closed);
}

}  // namespace energy_node
