#include "wifi_link_esp32_arduino.h"

#include <WiFi.h>

#include "board_config.h"

namespace energy_node {

WifiLink::WifiLink(const char* ssid, const char* password, Print& log)
    : ssid_(ssid), password_(password), log_(log) {}

void WifiLink::connect() {
  // Some core versions take the hostname only before the station starts.
  WiFi.setHostname(board::kHostname);
  WiFi.mode(WIFI_STA);
  // The loop below reconnects in the paper's way; the driver's own retries would race it.
  WiFi.setAutoReconnect(false);
  while (WiFi.status() != WL_CONNECTED) {
    log_.print("Connecting to ");
    log_.println(ssid_);
    WiFi.begin(ssid_, password_);
    const unsigned long started = millis();
    while (WiFi.status() != WL_CONNECTED && millis() - started < board::kWifiConnectTimeoutMs) {
      delay(100);
    }
    if (WiFi.status() == WL_CONNECTED) break;
    log_.println("Connection failed ... retry in 5 s");
    WiFi.disconnect();
    delay(board::kWifiRetryDelayMs);
  }
  log_.println("Connected");
  log_.print("IP address: ");
  log_.println(WiFi.localIP().toString());
}

bool WifiLink::keepConnected() {
  if (WiFi.status() == WL_CONNECTED) return false;
  log_.println("Wi-Fi link lost");
  connect();
  return true;
}

}  // namespace energy_node
