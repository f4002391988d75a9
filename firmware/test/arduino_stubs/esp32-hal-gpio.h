// Host stand-in for cores/esp32/esp32-hal-gpio.h (Arduino-ESP32 3.x): the
// same constants and C-linkage declarations as the core; see README.md.
#pragma once

#include <cstdint>

#define LOW 0x0
#define HIGH 0x1

#define INPUT 0x01
// 3.x: OUTPUT keeps the input enabled, so digitalRead() reads back an output.
#define OUTPUT 0x03
#define PULLUP 0x04
#define INPUT_PULLUP 0x05
#define PULLDOWN 0x08
#define INPUT_PULLDOWN 0x09
#define OPEN_DRAIN 0x10
#define OUTPUT_OPEN_DRAIN 0x13
#define ANALOG 0xC0

extern "C" {
void pinMode(uint8_t pin, uint8_t mode);
void digitalWrite(uint8_t pin, uint8_t val);
int digitalRead(uint8_t pin);
}
