// Host stand-in for cores/esp32/esp32-hal-adc.h (Arduino-ESP32 3.x): the
// oneshot ADC API the node uses, same types and C linkage; see README.md.
#pragma once

#include <cstdint>

extern "C" {

typedef enum { ADC_0db, ADC_2_5db, ADC_6db, ADC_11db, ADC_ATTENDB_MAX } adc_attenuation_t;

uint16_t analogRead(uint8_t pin);
uint32_t analogReadMilliVolts(uint8_t pin);
void analogReadResolution(uint8_t bits);
void analogSetAttenuation(adc_attenuation_t attenuation);
void analogSetPinAttenuation(uint8_t pin, adc_attenuation_t attenuation);
}
