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

void appendOptional(std::string& out, const char* name, const std::optional<double>& value,
                    const char* format) {
  out += ",\"";
  out += name;
  out += "\":";
  if (value) {
    appendDouble(out, format, *value);
  } else {
    out += "null";
  }
}

uint64_t milliWh(int64_t microWh) { return microWh > 0 ? uint64_t(microWh) / 1000 : 0; }

const char* connectionName(LineConnection connection) {
  switch (connection) {
    case LineConnection::Export:
      return "\"export\"";
    case LineConnection::Import:
      return "\"import\"";
    case LineConnection::Open:
      break;
  }
  return "\"open\"";
}

}  // namespace

std::string statusJson(const NodeStatus& status, uint64_t clockMs, uint64_t uptimeMs,
                       uint32_t samplePeriodMs, const StatusExtras& extras) {
  std::string out;
  out.reserve(768);
  const SensorReading& reading = status.reading;
  out += "{\"voltageV\":";
  appendFixedPoint(out, reading.milliVolts, 3);
  out += ",\"currentA\":";
  appendFixedPoint(out, reading.milliAmps, 3);
  out += ",\"powerW\":";
  // microwatts to watts with three decimals; negative while importing
  appendFixedPoint(out, int64_t(reading.milliVolts) * reading.milliAmps / 1000, 3);
  out += ",\"relayClosed\":";
  out += status.connection != LineConnection::Open ? "true" : "false";
  out += ",\"connection\":";
  out += connectionName(status.connection);
  out += ",\"energyExportedMilliWh\":";
  appendUnsigned(out, milliWh(status.energyExportedMicroWh));
  out += ",\"energyImportedMilliWh\":";
  appendUnsigned(out, milliWh(status.energyImportedMicroWh));
  out += ",\"activeTradeId\":";
  if (status.activeTrade) {
    appendUnsigned(out, status.activeTrade->id);
  } else {
    out += "null";
  }
  out += ",\"queueLength\":";
  appendUnsigned(out, status.queueLength);
  out += ",\"exportBacklogMilliWh\":";
  appendUnsigned(out, status.exportBacklogMilliWh);
  out += ",\"importBacklogMilliWh\":";
  appendUnsigned(out, status.importBacklogMilliWh);
  out += ",\"uptimeMs\":";
  appendUnsigned(out, uptimeMs);
  out += ",\"clockMs\":";
  appendUnsigned(out, clockMs);
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
  const HouseholdFigures& household = extras.household;
  appendOptional(out, "batterySocPct", household.batterySocPct, "%.2f");
  appendOptional(out, "pvPowerW", household.pvPowerW, "%.3f");
  appendOptional(out, "loadPowerW", household.loadPowerW, "%.3f");
  appendOptional(out, "unmetLoadWh", household.unmetLoadWh, "%.3f");
  appendOptional(out, "curtailedWh", household.curtailedWh, "%.3f");
  appendOptional(out, "batteryCapacityWh", household.batteryCapacityWh, "%.3f");
  appendOptional(out, "pvEnergyWh", household.pvEnergyWh, "%.3f");
  appendOptional(out, "loadEnergyWh", household.loadEnergyWh, "%.3f");
  out.push_back('}');
  return out;
}

}  // namespace energy_node
