// Host stand-in for cores/esp32/Print.h (Arduino-ESP32 3.x): the same
// overloads (64-bit ones included); see README.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "WString.h"

#define DEC 10
#define HEX 16
#define OCT 8
#define BIN 2

class Print {
 public:
  Print() = default;
  virtual ~Print() = default;

  virtual size_t write(uint8_t) = 0;
  size_t write(const char* str) {
    if (str == nullptr) return 0;
    return write(reinterpret_cast<const uint8_t*>(str), std::strlen(str));
  }
  virtual size_t write(const uint8_t* buffer, size_t size);
  size_t write(const char* buffer, size_t size) { return write(reinterpret_cast<const uint8_t*>(buffer), size); }

  size_t printf(const char* format, ...) __attribute__((format(printf, 2, 3)));

  virtual int availableForWrite() { return 0; }
  size_t print(const String&);
  size_t print(const char[]);
  size_t print(char);
  size_t print(unsigned char, int = DEC);
  size_t print(int, int = DEC);
  size_t print(unsigned int, int = DEC);
  size_t print(long, int = DEC);
  size_t print(unsigned long, int = DEC);
  size_t print(long long, int = DEC);
  size_t print(unsigned long long, int = DEC);
  size_t print(double, int = 2);

  size_t println(const String& s);
  size_t println(const char[]);
  size_t println(char);
  size_t println(unsigned char, int = DEC);
  size_t println(int, int = DEC);
  size_t println(unsigned int, int = DEC);
  size_t println(long, int = DEC);
  size_t println(unsigned long, int = DEC);
  size_t println(long long, int = DEC);
  size_t println(unsigned long long, int = DEC);
  size_t println(double, int = 2);
  size_t println(void);

  virtual void flush() {}
};
