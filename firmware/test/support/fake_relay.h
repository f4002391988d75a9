// Relays that remember what they were told, for tests.
#pragma once

#include "../../src/core/relay_switch.h"

namespace energy_node::testing {

class FakeRelay : public RelaySwitch {
 public:
  void connect(LineConnection connection) override {
    if (connection != connection_) ++switchCount_;
    connection_ = connection;
    ++commands_;
  }
  bool closed() const { return connection_ != LineConnection::Open; }
  LineConnection connection() const { return connection_; }
  int switchCount() const { return switchCount_; }
  int commands() const { return commands_; }

 private:
  LineConnection connection_ = LineConnection::Open;
  int switchCount_ = 0;
  int commands_ = 0;
};

}  // namespace energy_node::testing
