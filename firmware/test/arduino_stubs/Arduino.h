// Host stand-in for cores/esp32/Arduino.h (Arduino-ESP32 3.x): pulls in the
// same parts the real one does, as far as the node uses them; see README.md.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "esp32-hal.h"

typedef bool boolean;
typedef uint8_t byte;

#include "HardwareSerial.h"
#include "Print.h"
#include "WString.h"
