// Behind Arduino.h, esp32-hal*.h, WString.h, Print.h, HardwareSerial.h,
// esp_timer.h and FreeRTOS: simulated time, pins, Serial and tasks.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <strings.h>

#include "../Arduino.h"
#include "../esp_timer.h"
#include "../stub_control.h"

namespace arduino_stub {
namespace {

uint64_t millisNow = 0;
std::map<uint8_t, int> levels;
std::map<uint8_t, int> modes;
std::string serialText;
std::vector<CreatedTask> tasks;

}  // namespace

std::function<uint32_t(uint8_t)> analogMilliVolts = [](uint8_t) { return 0u; };

void advanceMillis(uint64_t ms) { millisNow += ms; }
uint64_t nowMillis() { return millisNow; }
int pinLevel(uint8_t pin) { return levels.count(pin) ? levels[pin] : -1; }
int pinModeOf(uint8_t pin) { return modes.count(pin) ? modes[pin] : -1; }
std::string& serialOutput() { return serialText; }
const std::vector<CreatedTask>& createdTasks() { return tasks; }
CreatedTask createdTask(const std::string& name) {
  for (const CreatedTask& task : tasks) {
    if (task.name == name) return task;
  }
  return CreatedTask();
}

void resetWifi();
void resetCore() {
  millisNow = 0;
  levels.clear();
  modes.clear();
  serialText.clear();
  tasks.clear();
  analogMilliVolts = [](uint8_t) { return 0u; };
}

void reset(bool eraseFlash) {
  resetCore();
  resetWifi();
  if (eraseFlash) flash().clear();
}

void recordTask(const CreatedTask& task) { tasks.push_back(task); }

}  // namespace arduino_stub

// ---- WString.h ----------------------------------------------------------
namespace {

std::string inBase(unsigned long long value, unsigned char base) {
  if (base < 2 || base > 36) base = 10;
  static const char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string digits;
  do {
    digits.insert(digits.begin(), kDigits[value % base]);
    value /= base;
  } while (value != 0);
  return digits;
}

std::string signedInBase(long long value, unsigned char base) {
  if (value < 0 && base == 10) return "-" + inBase(0ULL - static_cast<unsigned long long>(value), base);
  return inBase(static_cast<unsigned long long>(value), base);
}

std::string fixed(double value, unsigned int decimalPlaces) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", int(decimalPlaces), value);
  return text;
}

}  // namespace

String::String(const char* cstr) : text_(cstr != nullptr ? cstr : "") {}
String::String(const char* cstr, unsigned int length) : text_(cstr != nullptr ? std::string(cstr, length) : "") {}
String::String(char c) : text_(1, c) {}
String::String(unsigned char value, unsigned char base) : text_(inBase(value, base)) {}
String::String(int value, unsigned char base) : text_(signedInBase(value, base)) {}
String::String(unsigned int value, unsigned char base) : text_(inBase(value, base)) {}
String::String(long value, unsigned char base) : text_(signedInBase(value, base)) {}
String::String(unsigned long value, unsigned char base) : text_(inBase(value, base)) {}
String::String(float value, unsigned int decimalPlaces) : text_(fixed(value, decimalPlaces)) {}
String::String(double value, unsigned int decimalPlaces) : text_(fixed(value, decimalPlaces)) {}
String::String(long long value, unsigned char base) : text_(signedInBase(value, base)) {}
String::String(unsigned long long value, unsigned char base) : text_(inBase(value, base)) {}
String& String::operator=(const char* cstr) {
  text_ = cstr != nullptr ? cstr : "";
  return *this;
}
bool String::concat(const String& str) {
  text_ += str.text_;
  return true;
}
bool String::concat(const char* cstr) {
  if (cstr == nullptr) return false;
  text_ += cstr;
  return true;
}
bool String::concat(const char* cstr, unsigned int length) {
  if (cstr == nullptr) return false;
  text_.append(cstr, length);
  return true;
}
bool String::equalsIgnoreCase(const String& s) const {
  return text_.size() == s.text_.size() && ::strcasecmp(text_.c_str(), s.text_.c_str()) == 0;
}
bool String::startsWith(const String& prefix) const { return text_.rfind(prefix.text_, 0) == 0; }
String String::substring(unsigned int beginIndex) const { return substring(beginIndex, length()); }
String String::substring(unsigned int beginIndex, unsigned int endIndex) const {
  if (beginIndex > endIndex) std::swap(beginIndex, endIndex);
  if (beginIndex >= text_.size()) return String();
  const std::string part = text_.substr(beginIndex, endIndex - beginIndex);
  return String(part.c_str(), unsigned(part.size()));
}
long String::toInt() const { return std::strtol(text_.c_str(), nullptr, 10); }

// ---- Print.h ------------------------------------------------------------
size_t Print::write(const uint8_t* buffer, size_t size) {
  for (size_t i = 0; i < size; ++i) write(buffer[i]);
  return size;
}

size_t Print::print(const String& text) { return write(text.c_str(), text.length()); }
size_t Print::print(const char text[]) { return write(text); }
size_t Print::print(char c) { return write(uint8_t(c)); }
size_t Print::print(unsigned char value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(int value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(unsigned int value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(long value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(unsigned long value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(long long value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(unsigned long long value, int base) { return print(String(value, (unsigned char)base)); }
size_t Print::print(double value, int digits) { return print(String(value, unsigned(digits))); }
size_t Print::println(void) { return print("\r\n"); }
size_t Print::println(const String& s) { return print(s) + println(); }
size_t Print::println(const char text[]) { return print(text) + println(); }
size_t Print::println(char c) { return print(c) + println(); }
size_t Print::println(unsigned char value, int base) { return print(value, base) + println(); }
size_t Print::println(int value, int base) { return print(value, base) + println(); }
size_t Print::println(unsigned int value, int base) { return print(value, base) + println(); }
size_t Print::println(long value, int base) { return print(value, base) + println(); }
size_t Print::println(unsigned long value, int base) { return print(value, base) + println(); }
size_t Print::println(long long value, int base) { return print(value, base) + println(); }
size_t Print::println(unsigned long long value, int base) { return print(value, base) + println(); }
size_t Print::println(double value, int digits) { return print(value, digits) + println(); }

size_t Print::printf(const char* format, ...) {
  char text[256];
  va_list arguments;
  va_start(arguments, format);
  std::vsnprintf(text, sizeof text, format, arguments);
  va_end(arguments);
  return print(text);
}

// ---- HardwareSerial.h ---------------------------------------------------
HardwareSerial Serial;

void HardwareSerial::begin(unsigned long, uint32_t, int8_t, int8_t, bool, unsigned long, uint8_t) {}

size_t HardwareSerial::write(uint8_t value) {
  arduino_stub::serialOutput().push_back(char(value));
  return 1;
}

// ---- esp32-hal*.h -------------------------------------------------------
extern "C" {
void pinMode(uint8_t pin, uint8_t mode) { arduino_stub::modes[pin] = mode; }
void digitalWrite(uint8_t pin, uint8_t value) { arduino_stub::levels[pin] = value; }
int digitalRead(uint8_t pin) { return arduino_stub::pinLevel(pin) == HIGH ? HIGH : LOW; }
uint16_t analogRead(uint8_t pin) { return uint16_t(arduino_stub::analogMilliVolts(pin) * 4095 / 3100); }
uint32_t analogReadMilliVolts(uint8_t pin) { return arduino_stub::analogMilliVolts(pin); }
void analogReadResolution(uint8_t) {}
void analogSetAttenuation(adc_attenuation_t) {}
void analogSetPinAttenuation(uint8_t, adc_attenuation_t) {}
void yield(void) {}
unsigned long millis() { return (unsigned long)arduino_stub::millisNow; }
unsigned long micros() { return (unsigned long)(arduino_stub::millisNow * 1000); }
void delay(uint32_t ms) { arduino_stub::millisNow += ms; }
void delayMicroseconds(uint32_t) {}

int64_t esp_timer_get_time(void) { return int64_t(arduino_stub::millisNow * 1000); }
}

// ---- FreeRTOS -----------------------------------------------------------
// Tasks are recorded, not run (tests call the work directly); the mutex is
// real enough that a missing give aborts a test instead of passing it.
struct StubSemaphore {
  bool taken = false;
};

extern "C" {

BaseType_t xTaskCreatePinnedToCore(TaskFunction_t pxTaskCode, const char* const pcName,
                                   const configSTACK_DEPTH_TYPE usStackDepth, void* const pvParameters,
                                   UBaseType_t uxPriority, TaskHandle_t* const pxCreatedTask,
                                   const BaseType_t xCoreID) {
  arduino_stub::CreatedTask task;
  task.function = pxTaskCode;
  task.parameters = pvParameters;
  task.name = pcName;
  task.stackDepth = usStackDepth;
  task.priority = uxPriority;
  task.core = xCoreID;
  arduino_stub::recordTask(task);
  if (pxCreatedTask != nullptr) *pxCreatedTask = reinterpret_cast<TaskHandle_t>(pvParameters);
  return pdPASS;
}

BaseType_t xTaskDelayUntil(TickType_t* const pxPreviousWakeTime, const TickType_t xTimeIncrement) {
  *pxPreviousWakeTime += xTimeIncrement;
  if (arduino_stub::millisNow < *pxPreviousWakeTime) {
    arduino_stub::millisNow = *pxPreviousWakeTime;
    return pdTRUE;
  }
  return pdFALSE;
}

TickType_t xTaskGetTickCount(void) { return TickType_t(arduino_stub::millisNow); }
void vTaskDelay(const TickType_t xTicksToDelay) { arduino_stub::millisNow += xTicksToDelay; }

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
}
