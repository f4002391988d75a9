// Energy node firmware for the ESP32-S3 (Arduino core for ESP32).
// Board: esp32:esp32:esp32s3. Pins and calibration: src/esp32/board_config.h.
// Wi-Fi and node secret: src/esp32/secrets.h (copy secrets.example.h).
#include <Arduino.h>

#include "src/esp32/energy_node_app_esp32_arduino.h"

energy_node::EnergyNodeApp energyNodeApp;

void setup() { energyNodeApp.setup(); }

void loop() { energyNodeApp.loop(); }
