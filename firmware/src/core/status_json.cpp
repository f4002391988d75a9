#include "status_json.h"

#include <cstdio>

#include "json_writer.h"

namespace energy_node {
namespace {

void appendDouble(std::string& out, const char* format, double value) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  out += text;
}

}  // namespace

std::string statusJson(const NodeStatus& status, uint64_t uptimeMs, uint32_t samplePeriodMs,
                       const StatusExtras& extras) {
  std::string out;
  out.reserve(512);
  const SensorReading& reading = status.reading;
  out += "{\"voltageV\":";
  appendFixedPoint(out, reading.milliVolts, 3);
  out += ",\"currentA\":";
  appendFixedPoint(out, reading.milliAmps, 3);
  out += ",\"powerW\":";
  // microwatts to watts with three decimals
  appendFixedPoint(out, int64_t(reading.milliVolts) * reading.milliAmps / 1000, 3);
  out += ",\"energyTotalMilliWh\":";
  appendUnsigned(out, status.energyTotalMicroWh > 0 ? uint64_t(status.energyTotalMicroWh) / 1000 : 0);
  out += ",\"relayClosed\":";
  out += status.relayClosed ? "true" : "false";
  out += ",\"activeTradeId\":";
  if (status.activeTrade) {
    appendUnsigned(out, status.activeTrade->id);
  } else {
    out += "null";
  }
  out += ",\"queueLength\":";
  appendUnsigned(out, status.queueLength);
  out += ",\"uptimeMs\":";
  appendUnsigned(out, uptimeMs);
  out += ",\"activeTrade\":";
  if (status.activeTrade) {
    const Trade& trade = *status.activeTrade;
    appendTradeJson(out, trade);
    out.pop_back();  // reopen the object to add the progress
    // Tenths of a percent, rounded down and capped at 100.0.
    uint64_t tenths = trade.quantityMilliWh == 0
                          ? 1000
                          : trade.deliveredMilliWh() * 1000 / trade.quantityMilliWh;
    if (tenths > 1000) tenths = 1000;
    out += ",\"progressPct\":";
    appendFixedPoint(out, int64_t(tenths), 1);
    out.push_back('}');
  } else {
    out += "null";
  }
  out += ",\"samplePeriodMs\":";
  appendUnsigned(out, samplePeriodMs);
  out += ",\"timeScale\":";
  appendDouble(out, "%.6g", extras.timeScale);
  out += ",\"batterySocPct\":";
  if (extras.batterySocPct) {
    appendDouble(out, "%.2f", *extras.batterySocPct);
  } else {
    out += "null";
  }
  out.push_back('}');
  return out;
}

}  // namespace energy_node
