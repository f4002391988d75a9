// Behind WiFi.h: scripted connection attempts.
#include <string>

#include "../WiFi.h"
#include "../stub_control.h"

namespace arduino_stub {
namespace {

int failuresLeft = 0;
int beginCalls = 0;
wl_status_t currentStatus = WL_DISCONNECTED;

}  // namespace

void resetWifi() {
  failuresLeft = 0;
  beginCalls = 0;
  currentStatus = WL_DISCONNECTED;
}

void scriptWifi(int failures) { failuresLeft = failures; }
void dropWifiLink() { currentStatus = WL_CONNECTION_LOST; }
int wifiBeginCalls() { return beginCalls; }

}  // namespace arduino_stub

WiFiClass WiFi;

namespace {
wifi_mode_t currentMode = WIFI_MODE_NULL;
std::string hostname = "esp32s3";
bool autoReconnect = true;
}  // namespace

bool WiFiGenericClass::mode(wifi_mode_t mode) {
  currentMode = mode;
  return true;
}
wifi_mode_t WiFiGenericClass::getMode() { return currentMode; }
const char* WiFiGenericClass::getHostname() { return hostname.c_str(); }
bool WiFiGenericClass::setHostname(const char* name) {
  if (name == nullptr) return false;
  hostname = name;
  return true;
}
bool WiFiSTAClass::setAutoReconnect(bool value) {
  autoReconnect = value;
  return true;
}
bool WiFiSTAClass::getAutoReconnect() { return autoReconnect; }
bool WiFiSTAClass::reconnect() { return begin("", nullptr) == WL_CONNECTED; }
bool WiFiSTAClass::isConnected() { return status() == WL_CONNECTED; }

wl_status_t WiFiSTAClass::begin(const char*, const char*, int32_t, const uint8_t*, bool) {
  ++arduino_stub::beginCalls;
  if (arduino_stub::failuresLeft > 0) {
    --arduino_stub::failuresLeft;
    arduino_stub::currentStatus = WL_NO_SSID_AVAIL;
  } else {
    arduino_stub::currentStatus = WL_CONNECTED;
  }
  return arduino_stub::currentStatus;
}

bool WiFiSTAClass::disconnect(bool, bool, unsigned long) {
  arduino_stub::currentStatus = WL_DISCONNECTED;
  return true;
}

wl_status_t WiFiSTAClass::status() { return arduino_stub::currentStatus; }

IPAddress WiFiSTAClass::localIP() {
  return arduino_stub::currentStatus == WL_CONNECTED ? IPAddress(192, 168, 4, 23) : IPAddress();
}

String IPAddress::toString(bool) const {
  const std::string text = std::to_string(octets_[0]) + "." + std::to_string(octets_[1]) + "." +
                           std::to_string(octets_[2]) + "." + std::to_string(octets_[3]);
  return String(text.c_str());
}
