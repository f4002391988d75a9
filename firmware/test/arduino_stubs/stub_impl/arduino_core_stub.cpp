// Behind Arduino.h, esp_timer.h and FreeRTOS: simulated time, pins and Serial.
#include <cstdarg>
#include <cstdlib>
#include <cstdio>

#include "../Arduino.h"
#include "../esp_timer.h"
#include "../stub_control.h"

namespace arduino_stub {
namespace {

uint64_t millisNow = 0;
std::map<uint8_t, int> levels;
std::map<uint8_t, int> modes;
std::string serialText;
CreatedTask createdTask;

}  // namespace

std::function<uint32_t(uint8_t)> analogMilliVolts = [](uint8_t) { return 0u; };

void advanceMillis(uint64_t ms) { millisNow += ms; }
uint64_t nowMillis() { return millisNow; }
int pinLevel(uint8_t pin) { return levels.count(pin) ? levels[pin] : -1; }
int pinModeOf(uint8_t pin) { return modes.count(pin) ? modes[pin] : -1; }
std::string& serialOutput() { return serialText; }
const CreatedTask& lastCreatedTask() { return createdTask; }

void resetWifi();
void resetCore() {
  millisNow = 0;
  levels.clear();
  modes.clear();
  serialText.clear();
  createdTask = CreatedTask();
  analogMilliVolts = [](uint8_t) { return 0u; };
}

void reset(bool eraseFlash) {
  resetCore();
  resetWifi();
  if (eraseFlash) flash().clear();
}

void recordTask(const CreatedTask& task) { createdTask = task; }

}  // namespace arduino_stub

String::String(double value, unsigned int decimalPlaces) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", int(decimalPlaces), value);
  text_ = text;
}

size_t Print::write(const uint8_t* buffer, size_t size) {
  for (size_t i = 0; i < size; ++i) write(buffer[i]);
  return size;
}

size_t Print::print(const char* text) { return write(reinterpret_cast<const uint8_t*>(text), std::strlen(text)); }
size_t Print::print(const String& text) { return print(text.c_str()); }
size_t Print::print(char c) { return write(uint8_t(c)); }
size_t Print::print(int value, int) { return print(std::to_string(value).c_str()); }
size_t Print::print(unsigned int value, int) { return print(std::to_string(value).c_str()); }
size_t Print::print(long value, int) { return print(std::to_string(value).c_str()); }
size_t Print::print(unsigned long value, int) { return print(std::to_string(value).c_str()); }
size_t Print::print(double value, int digits) { return print(String(value, unsigned(digits))); }
size_t Print::println() { return print("\r\n"); }
size_t Print::println(const char* text) { return print(text) + println(); }
size_t Print::println(const String& text) { return print(text) + println(); }
size_t Print::println(int value, int base) { return print(value, base) + println(); }
size_t Print::println(double value, int digits) { return print(value, digits) + println(); }

size_t Print::printf(const char* format, ...) {
  char text[256];
  va_list arguments;
  va_start(arguments, format);
  std::vsnprintf(text, sizeof text, format, arguments);
  va_end(arguments);
  return print(text);
}

HardwareSerial Serial;

void HardwareSerial::begin(unsigned long) {}

size_t HardwareSerial::write(uint8_t byte) {
  arduino_stub::serialOutput().push_back(char(byte));
  return 1;
}

void pinMode(uint8_t pin, uint8_t mode) { arduino_stub::modes[pin] = mode; }
void digitalWrite(uint8_t pin, uint8_t value) { arduino_stub::levels[pin] = value; }
int digitalRead(uint8_t pin) { return arduino_stub::pinLevel(pin) == HIGH ? HIGH : LOW; }
uint32_t analogReadMilliVolts(uint8_t pin) { return arduino_stub::analogMilliVolts(pin); }
void analogReadResolution(uint8_t) {}
void analogSetAttenuation(adc_attenuation_t) {}
unsigned long millis() { return (unsigned long)arduino_stub::millisNow; }
unsigned long micros() { return (unsigned long)(arduino_stub::millisNow * 1000); }
void delay(uint32_t ms) { arduino_stub::millisNow += ms; }

extern "C" int64_t esp_timer_get_time(void) { return int64_t(arduino_stub::millisNow * 1000); }

// FreeRTOS: tasks are recorded, not run (tests call the work directly);
// the mutex is real so a missing give would deadlock a test, not pass it.
struct StubSemaphore {
  bool taken = false;
};

BaseType_t xTaskCreatePinnedToCore(TaskFunction_t function, const char* name, const uint32_t stackDepth,
                                   void* parameters, UBaseType_t priority, TaskHandle_t* createdTask,
                                   const BaseType_t coreId) {
  arduino_stub::CreatedTask task;
  task.function = function;
  task.parameters = parameters;
  task.name = name;
  task.stackDepth = stackDepth;
  task.priority = priority;
  task.core = coreId;
  arduino_stub::recordTask(task);
  if (createdTask != nullptr) *createdTask = reinterpret_cast<TaskHandle_t>(parameters);
  return pdPASS;
}

void vTaskDelayUntil(TickType_t* previousWakeTime, const TickType_t timeIncrement) {
  *previousWakeTime += timeIncrement;
  if (arduino_stub::millisNow < *previousWakeTime) arduino_stub::millisNow = *previousWakeTime;
}

TickType_t xTaskGetTickCount(void) { return TickType_t(arduino_stub::millisNow); }
void vTaskDelay(const TickType_t ticks) { arduino_stub::millisNow += ticks; }

SemaphoreHandle_t xSemaphoreCreateMutex(void) { return new StubSemaphore(); }

BaseType_t xSemaphoreTake(SemaphoreHandle_t semaphore, TickType_t) {
  if (semaphore == nullptr || semaphore->taken) {
    std::fprintf(stderr, "stub: mutex taken twice or never created\n");
    std::abort();
  }
  semaphore->taken = true;
  return pdTRUE;
}

BaseType_t xSemaphoreGive(SemaphoreHandle_t semaphore) {
  if (semaphore == nullptr || !semaphore->taken) {
    std::fprintf(stderr, "stub: mutex given without being taken\n");
    std::abort();
  }
  semaphore->taken = false;
  return pdTRUE;
}
