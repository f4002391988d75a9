// The export and import relays on two GPIOs, active high or low as the
// board needs. At most one is closed; switching opens the other first.
#pragma once

#include <cstdint>

#include "../core/relay_switch.h"

namespace energy_node {

class GpioRelays : public RelaySwitch {
 public:
  GpioRelays(uint8_t exportPin, uint8_t importPin, bool activeHigh)
      : exportPin_(exportPin), importPin_(importPin), activeHigh_(activeHigh) {}
  // Makes the pins outputs in the last commanded state (open at boot).
  // Until then commands are only remembered: the core's constructor runs
  // during static initialisation, before the GPIO driver may be used.
  void begin();
  void connect(LineConnection connection) override;

 private:
  void drive();

  uint8_t exportPin_;
  uint8_t importPin_;
  bool activeHigh_;
  LineConnection connection_ = LineConnection::Open;
  bool ready_ = false;
};

}  // namespace energy_node
