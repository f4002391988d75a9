// Behind WiFi.h: scripted connection attempts.
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

bool WiFiClass::mode(wifi_mode_t) { return true; }
bool WiFiClass::setHostname(const char*) { return true; }
bool WiFiClass::setAutoReconnect(bool) { return true; }

wl_status_t WiFiClass::begin(const char*, const char*, int32_t, const uint8_t*, bool) {
  ++arduino_stub::beginCalls;
  if (arduino_stub::failuresLeft > 0) {
    --arduino_stub::failuresLeft;
    arduino_stub::currentStatus = WL_NO_SSID_AVAIL;
  } else {
    arduino_stub::currentStatus = WL_CONNECTED;
  }
  return arduino_stub::currentStatus;
}

bool WiFiClass::disconnect(bool, bool) {
  arduino_stub::currentStatus = WL_DISCONNECTED;
  return true;
}

wl_status_t WiFiClass::status() { return arduino_stub::currentStatus; }

IPAddress WiFiClass::localIP() {
  return arduino_stub::currentStatus == WL_CONNECTED ? IPAddress(192, 168, 4, 23) : IPAddress();
}

String IPAddress::toString() const {
  return String(std::to_string(octets_[0]) + "." + std::to_string(octets_[1]) + "." + std::to_string(octets_[2]) +
                "." + std::to_string(octets_[3]));
}
