// What the tests script behind the stand-ins: time, pins, Wi-Fi, NVS.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

class WebServer;

namespace arduino_stub {

// Simulated time: delay() advances it, nothing else does unless a test does.
void advanceMillis(uint64_t ms);
uint64_t nowMillis();

// ADC: millivolts at a pin, asked at every analogReadMilliVolts call.
extern std::function<uint32_t(uint8_t pin)> analogMilliVolts;
int pinLevel(uint8_t pin);
int pinModeOf(uint8_t pin);

// Everything written to Serial.
std::string& serialOutput();

// Wi-Fi: the next `failures` begin() calls never connect; then it connects.
void scriptWifi(int failures);
void dropWifiLink();
int wifiBeginCalls();

// NVS contents, namespace -> key -> bytes; survives Preferences objects like flash.
std::map<std::string, std::map<std::string, std::vector<uint8_t>>>& flash();
// Blob writes so far (each one a flash write on the chip).
int flashWrites();

// Tasks handed to xTaskCreatePinnedToCore, in order.
struct CreatedTask {
  void (*function)(void*) = nullptr;
  void* parameters = nullptr;
  std::string name;
  uint32_t stackDepth = 0;
  unsigned priority = 0;
  int core = -1;
};
const std::vector<CreatedTask>& createdTasks();
// The one named `name`, or an empty record.
CreatedTask createdTask(const std::string& name);

// The WebServer that most recently called begin(), as a client would find it.
WebServer* lastStartedWebServer();

// Back to power-on state (time, pins, Serial, Wi-Fi, tasks; flash is kept unless asked).
void reset(bool eraseFlash = false);

}  // namespace arduino_stub
