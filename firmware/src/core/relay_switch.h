// The relay between the battery and the line. One implementation per
// platform: src/esp32/relay_switch_esp32_arduino.cpp (a GPIO) and
// host/relay_switch_host.cpp (the simulated load).
#pragma once

namespace energy_node {

class RelaySwitch {
 public:
  virtual ~RelaySwitch() = default;
  virtual void setClosed(bool closed) = 0;
};

}  // namespace energy_node
