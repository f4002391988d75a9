// Host stand-in for ESP-IDF 5's esp_timer.h: microseconds since boot; see README.md.
#pragma once

#include <cstdint>

extern "C" {
int64_t esp_timer_get_time(void);
}
