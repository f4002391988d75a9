// Host stand-in for the Arduino core's WiFi library (see README.md).
#pragma once

#include "Arduino.h"
#include "IPAddress.h"

typedef enum {
  WL_NO_SHIELD = 255,
  WL_IDLE_STATUS = 0,
  WL_NO_SSID_AVAIL = 1,
  WL_SCAN_COMPLETED = 2,
  WL_CONNECTED = 3,
  WL_CONNECT_FAILED = 4,
  WL_CONNECTION_LOST = 5,
  WL_DISCONNECTED = 6
} wl_status_t;

typedef enum { WIFI_MODE_NULL = 0, WIFI_MODE_STA, WIFI_MODE_AP, WIFI_MODE_APSTA, WIFI_MODE_MAX } wifi_mode_t;
#define WIFI_OFF WIFI_MODE_NULL
#define WIFI_STA WIFI_MODE_STA

class WiFiClass {
 public:
  bool mode(wifi_mode_t mode);
  bool setHostname(const char* hostname);
  bool setAutoReconnect(bool autoReconnect);
  wl_status_t begin(const char* ssid, const char* passphrase = nullptr, int32_t channel = 0,
                    const uint8_t* bssid = nullptr, bool connect = true);
  bool disconnect(bool wifiOff = false, bool eraseAp = false);
  wl_status_t status();
  IPAddress localIP();
};

extern WiFiClass WiFi;
