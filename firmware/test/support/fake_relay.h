// A relay that remembers what it was told, for tests.
#pragma once

#include "../../src/core/relay_switch.h"

namespace energy_node::testing {

class FakeRelay : public RelaySwitch {
 public:
  void setClosed(bool closed) override {
    if (closed != closed_) ++switchCount_;
    closed_ = closed;
    ++commands_;
  }
  bool closed() const { return closed_; }
  int switchCount() const { return switchCount_; }
  int commands() const { return commands_; }

 private:
  bool closed_ = false;
  int switchCount_ = 0;
  int commands_ = 0;
};

}  // namespace energy_node::testing
