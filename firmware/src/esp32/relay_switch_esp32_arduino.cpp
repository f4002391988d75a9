#include "relay_switch_esp32_arduino.h"

#include <Arduino.h>

namespace energy_node {

void GpioRelay::begin() {
  pinMode(pin_, OUTPUT);
  // Any glitch between these two calls lasts microseconds; a relay coil
  // needs milliseconds to pull in.
  ready_ = true;
  drive();
}

void GpioRelay::setClosed(bool closed) {
  closed_ = closed;
  if (ready_) drive();
}

void GpioRelay::drive() { digitalWrite(pin_, closed_ == activeHigh_ ? HIGH : LOW); }

}  // namespace energy_node
