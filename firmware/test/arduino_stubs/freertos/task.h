// Host stand-in for FreeRTOS task.h as ESP-IDF 5 ships it (see ../README.md):
// vTaskDelayUntil is a macro over xTaskDelayUntil there, and so it is here.
#pragma once

#include "FreeRTOS.h"

typedef void (*TaskFunction_t)(void*);
typedef struct StubTask* TaskHandle_t;

extern "C" {
BaseType_t xTaskCreatePinnedToCore(TaskFunction_t pxTaskCode, const char* const pcName,
                                   const configSTACK_DEPTH_TYPE usStackDepth, void* const pvParameters,
                                   UBaseType_t uxPriority, TaskHandle_t* const pxCreatedTask,
                                   const BaseType_t xCoreID);
BaseType_t xTaskDelayUntil(TickType_t* const pxPreviousWakeTime, const TickType_t xTimeIncrement);
TickType_t xTaskGetTickCount(void);
void vTaskDelay(const TickType_t xTicksToDelay);
}

#define vTaskDelayUntil(pxPreviousWakeTime, xTimeIncrement)               \
  do {                                                                     \
    (void)xTaskDelayUntil((pxPreviousWakeTime), (xTimeIncrement));         \
  } while (0)
