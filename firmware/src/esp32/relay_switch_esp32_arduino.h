// The relay on a GPIO, active high or low as the board needs.
#pragma once

#include <cstdint>

#include "../core/relay_switch.h"

namespace energy_node {

class GpioRelay : public RelaySwitch {
 public:
  GpioRelay(uint8_t pin, bool activeHigh) : pin_(pin), activeHigh_(activeHigh) {}
  // Makes the pin an output in the last commanded state (open at boot).
  // Until then commands are only remembered: the core's constructor runs
  // during static initialisation, before the GPIO driver may be used.
  void begin();
  void setClosed(bool closed) override;

 private:
  void drive();

  uint8_t pin_;
  bool activeHigh_;
  bool closed_ = false;
  bool ready_ = false;
};

}  // namespace energy_node
