// Host stand-in for libraries/Network/src/NetworkClient.h (Arduino-ESP32
// 3.x): the connection a WebServer handler can write to and stop; see README.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "Print.h"

class NetworkClient : public Print {
 public:
  size_t write(uint8_t data) override;
  size_t write(const uint8_t* buf, size_t size) override;
  using Print::write;
  virtual void stop();
  uint8_t connected();

  // ---- stand-in only ----------------------------------------------------
  std::string stubWritten;
  bool stubStopped = false;
};
