// Host stand-in for FreeRTOS task.h (see ../README.md).
#pragma once

#include "FreeRTOS.h"

typedef void (*TaskFunction_t)(void*);
typedef struct StubTask* TaskHandle_t;

BaseType_t xTaskCreatePinnedToCore(TaskFunction_t function, const char* name, const uint32_t stackDepth,
                                   void* parameters, UBaseType_t priority, TaskHandle_t* createdTask,
                                   const BaseType_t coreId);
void vTaskDelayUntil(TickType_t* previousWakeTime, const TickType_t timeIncrement);
TickType_t xTaskGetTickCount(void);
void vTaskDelay(const TickType_t ticks);
