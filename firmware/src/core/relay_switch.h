// The relays between the battery and the line: the export relay (battery to
// line, the seller's side) and the import relay (line to battery, the
// buyer's side). At most one is closed. One implementation per platform:
// src/esp32/relay_switch_esp32_arduino.cpp (two GPIOs) and
// host/relay_switch_host.cpp (the simulated household).
#pragma once

#include <cstdint>

namespace energy_node {

enum class LineConnection : uint8_t { Open = 0, Export = 1, Import = 2 };

class RelaySwitch {
 public:
  virtual ~RelaySwitch() = default;
  // Opens whichever relay is closed before closing another (break before make).
  virtual void connect(LineConnection connection) = 0;
};

}  // namespace energy_node
