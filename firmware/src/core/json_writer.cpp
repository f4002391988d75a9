#include "json_writer.h"

namespace energy_node {

void appendJsonString(std::string& out, std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      out += "\\u00";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void appendUnsigned(std::string& out, uint64_t value) {
  char digits[20];
  int count = 0;
  do {
    digits[count++] = char('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0) out.push_back(digits[--count]);
}

void appendFixedPoint(std::string& out, int64_t value, int decimals) {
  uint64_t magnitude = value < 0 ? uint64_t(-(value + 1)) + 1 : uint64_t(value);
  if (value < 0) out.push_back('-');
  uint64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  appendUnsigned(out, magnitude / scale);
  if (decimals == 0) return;
  out.push_back('.');
  uint64_t fraction = magnitude % scale;
  for (uint64_t digit = scale / 10; digit > 0; digit /= 10) {
    out.push_back(char('0' + fraction / digit));
    fraction %= digit;
  }
}

void appendTradeJson(std::string& out, const Trade& trade) {
  out += "{\"tradeId\":";
  appendUnsigned(out, trade.id);
  out += ",\"role\":";
  appendJsonString(out, tradeRoleName(trade.role));
  out += ",\"quantityMilliWh\":";
  appendUnsigned(out, trade.quantityMilliWh);
  out += ",\"state\":";
  appendJsonString(out, tradeStateName(trade.state));
  out += ",\"deliveredMilliWh\":";
  appendUnsigned(out, trade.deliveredMilliWh());
  out += ",\"powerW\":";
  // microwatts to watts with three decimals
  appendFixedPoint(out, trade.state == TradeState::Delivering ? trade.powerMicroW / 1000 : 0, 3);
  out += ",\"startedAtMs\":";
  if (trade.started) {
    appendUnsigned(out, trade.startedAtMs);
  } else {
    out += "null";
  }
  out += ",\"endedAtMs\":";
  if (trade.ended) {
    appendUnsigned(out, trade.endedAtMs);
  } else {
    out += "null";
  }
  out += ",\"stopReason\":";
  if (trade.stopReason == StopReason::None) {
    out += "null";
  } else {
    appendJsonString(out, stopReasonName(trade.stopReason));
  }
  out += ",\"restarts\":";
  appendUnsigned(out, trade.restarts);
  out.push_back('}');
}

std::string errorJson(int status, std::string_view message) {
  std::string out = "{\"error\":";
  appendJsonString(out, message);
  out += ",\"status\":";
  appendUnsigned(out, uint64_t(status));
  out.push_back('}');
  return out;
}

}  // namespace energy_node
