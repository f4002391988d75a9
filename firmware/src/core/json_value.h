// A small strict JSON reader (RFC 8259) for the node's own inputs: the trade
// order body and the emulator's state file. Numbers keep whether they were
// written as integers, so "1.0" and "1e3" can be refused where an integer is due.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace energy_node {

struct JsonValue {
  enum class Kind { Null, Bool, Integer, Fraction, String, Array, Object };

  Kind kind = Kind::Null;
  bool boolean = false;
  // Integer: sign and magnitude; `overflow` when the digits exceed 64 bits.
  bool negative = false;
  uint64_t magnitude = 0;
  bool overflow = false;
  std::string text;  // String
  std::vector<JsonValue> items;  // Array
  std::vector<std::pair<std::string, JsonValue>> members;  // Object, in order, duplicates kept

  // First member named `key`, or nullptr.
  const JsonValue* member(std::string_view key) const;
  // A non-negative integer that fits, or false.
  bool asUnsigned(uint64_t& out) const;
  bool asSigned(int64_t& out) const;
};

constexpr int kMaxJsonDepth = 16;

// Parses the whole of `text` (surrounding whitespace allowed). On failure
// `error` says what and where, in words fit for an HTTP 400 body.
bool parseJson(std::string_view text, JsonValue& value, std::string& error);

}  // namespace energy_node
