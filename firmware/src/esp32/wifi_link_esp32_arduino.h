// Wi-Fi station with the reconnect loop of the paper's Algorithm 1
// (steps 1-7): try, print "Connected" and the IP, or print
// "Connection failed ... retry in 5 s" and try again; the same whenever the
// link drops later.
#pragma once

#include <Arduino.h>

namespace energy_node {

class WifiLink {
 public:
  WifiLink(const char* ssid, const char* password, Print& log);

  // Blocks until connected. Metering runs in its own task meanwhile.
  void connect();
  // Called from loop(): reconnects if the link dropped; true if it had to.
  bool keepConnected();

 private:
  const char* ssid_;
  const char* password_;
  Print& log_;
};

}  // namespace energy_node
