// Host stand-in for FreeRTOS semphr.h as ESP-IDF 5 ships it (see ../README.md).
// There these are macros over the queue API; functions here, same arguments.
#pragma once

#include "FreeRTOS.h"

typedef struct StubSemaphore* SemaphoreHandle_t;

extern "C" {
SemaphoreHandle_t xSemaphoreCreateMutex(void);
BaseType_t xSemaphoreTake(SemaphoreHandle_t xSemaphore, TickType_t xBlockTime);
BaseType_t xSemaphoreGive(SemaphoreHandle_t xSemaphore);
}
