// Host stand-in for cores/esp32/esp32-hal.h (Arduino-ESP32 3.x): time and
// the peripheral headers the node uses; see README.md.
#pragma once

#include <cstdint>

#include "esp32-hal-adc.h"
#include "esp32-hal-gpio.h"
#include "freertos/FreeRTOS.h"
#include "freertos/semphr.h"
#include "freertos/task.h"

extern "C" {
void yield(void);
unsigned long micros();
unsigned long millis();
void delay(uint32_t);
void delayMicroseconds(uint32_t us);
}
