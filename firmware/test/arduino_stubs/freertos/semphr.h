// Host stand-in for FreeRTOS semphr.h (see ../README.md).
#pragma once

#include "FreeRTOS.h"

typedef struct StubSemaphore* SemaphoreHandle_t;

SemaphoreHandle_t xSemaphoreCreateMutex(void);
BaseType_t xSemaphoreTake(SemaphoreHandle_t semaphore, TickType_t ticksToWait);
BaseType_t xSemaphoreGive(SemaphoreHandle_t semaphore);
