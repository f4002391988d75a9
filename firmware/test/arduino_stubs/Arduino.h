// Host stand-in for the Arduino core for ESP32 (see README.md).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"

#define HIGH 0x1
#define LOW 0x0
#define INPUT 0x01
#define OUTPUT 0x03

typedef bool boolean;

typedef enum { ADC_0db, ADC_2_5db, ADC_6db, ADC_11db, ADC_ATTENDB_MAX } adc_attenuation_t;

class String {
 public:
  String(const char* text = "") : text_(text != nullptr ? text : "") {}
  String(const std::string& text) : text_(text) {}
  explicit String(int value) : text_(std::to_string(value)) {}
  explicit String(unsigned int value) : text_(std::to_string(value)) {}
  explicit String(long value) : text_(std::to_string(value)) {}
  explicit String(unsigned long value) : text_(std::to_string(value)) {}
  explicit String(double value, unsigned int decimalPlaces = 2);
  const char* c_str() const { return text_.c_str(); }
  unsigned int length() const { return unsigned(text_.size()); }
  bool operator==(const String& other) const { return text_ == other.text_; }
  bool operator==(const char* other) const { return text_ == other; }
  String& operator+=(const String& other) {
    text_ += other.text_;
    return *this;
  }

 private:
  std::string text_;
};

class Print {
 public:
  virtual ~Print() = default;
  virtual size_t write(uint8_t byte) = 0;
  virtual size_t write(const uint8_t* buffer, size_t size);
  size_t print(const char* text);
  size_t print(const String& text);
  size_t print(char c);
  size_t print(int value, int base = 10);
  size_t print(unsigned int value, int base = 10);
  size_t print(long value, int base = 10);
  size_t print(unsigned long value, int base = 10);
  size_t print(double value, int digits = 2);
  size_t println();
  size_t println(const char* text);
  size_t println(const String& text);
  size_t println(int value, int base = 10);
  size_t println(double value, int digits = 2);
  size_t printf(const char* format, ...) __attribute__((format(printf, 2, 3)));
};

class HardwareSerial : public Print {
 public:
  void begin(unsigned long baud);
  size_t write(uint8_t byte) override;
  using Print::write;
};

extern HardwareSerial Serial;

void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t value);
int digitalRead(uint8_t pin);
uint32_t analogReadMilliVolts(uint8_t pin);
void analogReadResolution(uint8_t bits);
void analogSetAttenuation(adc_attenuation_t attenuation);
unsigned long millis();
unsigned long micros();
void delay(uint32_t ms);
