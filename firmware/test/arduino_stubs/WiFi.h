// Host stand-in for libraries/WiFi (Arduino-ESP32 3.x): WiFiType.h's status
// and mode, and of WiFiClass the static WiFiGenericClass members and the
// WiFiSTAClass members the node uses, with the 3.x signatures; see README.md.
#pragma once

#include <cstdint>

#include "Arduino.h"
#include "IPAddress.h"

// esp_wifi_types.h
typedef enum { WIFI_MODE_NULL = 0, WIFI_MODE_STA, WIFI_MODE_AP, WIFI_MODE_APSTA, WIFI_MODE_NAN, WIFI_MODE_MAX } wifi_mode_t;

// WiFiType.h
#define WiFiMode_t wifi_mode_t
#define WIFI_OFF WIFI_MODE_NULL
#define WIFI_STA WIFI_MODE_STA
#define WIFI_AP WIFI_MODE_AP
#define WIFI_AP_STA WIFI_MODE_APSTA

typedef enum {
  WL_NO_SHIELD = 255,
  WL_STOPPED = 254,
  WL_IDLE_STATUS = 0,
  WL_NO_SSID_AVAIL = 1,
  WL_SCAN_COMPLETED = 2,
  WL_CONNECTED = 3,
  WL_CONNECT_FAILED = 4,
  WL_CONNECTION_LOST = 5,
  WL_DISCONNECTED = 6
} wl_status_t;

class WiFiGenericClass {
 public:
  static bool mode(wifi_mode_t);
  static wifi_mode_t getMode();
  static const char* getHostname();
  static bool setHostname(const char* hostname);
};

class WiFiSTAClass {
 public:
  wl_status_t begin(const char* ssid, const char* passphrase = nullptr, int32_t channel = 0,
                    const uint8_t* bssid = nullptr, bool connect = true);
  bool reconnect();
  bool disconnect(bool wifioff = false, bool eraseap = false, unsigned long timeoutLength = 100);
  bool isConnected();
  bool setAutoReconnect(bool autoReconnect);
  bool getAutoReconnect();
  wl_status_t status();
  IPAddress localIP();
};

class WiFiClass : public WiFiGenericClass, public WiFiSTAClass {};

extern WiFiClass WiFi;
