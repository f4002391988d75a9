#include "json_value.h"

#include <limits>

namespace energy_node {
namespace {

class JsonParser {
 public:
  JsonParser(std::string_view text, std::string& error) : text_(text), error_(error) {}

  bool parseDocument(JsonValue& value) {
    skipWhitespace();
    if (!parseValue(value, 0)) return false;
    skipWhitespace();
    if (position_ != text_.size()) return fail("unexpected text after the JSON value");
    return true;
  }

 private:
  bool fail(const char* what) {
    error_ = std::string("invalid JSON at byte ") + std::to_string(position_) + ": " + what;
    return false;
  }

  bool atEnd() const { return position_ >= text_.size(); }
  char peek() const { return text_[position_]; }

  void skipWhitespace() {
    while (!atEnd()) {
      const char c = peek();
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++position_;
    }
  }

  bool consumeLiteral(std::string_view literal) {
    if (text_.substr(position_, literal.size()) != literal) return false;
    position_ += literal.size();
    return true;
  }

  bool parseValue(JsonValue& value, int depth) {
    if (depth > kMaxJsonDepth) return fail("nested too deeply");
    if (atEnd()) return fail("value expected");
    const char c = peek();
    if (c == '{') return parseObject(value, depth);
    if (c == '[') return parseArray(value, depth);
    if (c == '"') {
      value.kind = JsonValue::Kind::String;
      return parseString(value.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parseNumber(value);
    if (consumeLiteral("true")) {
      value.kind = JsonValue::Kind::Bool;
      value.boolean = true;
      return true;
    }
    if (consumeLiteral("false")) {
      value.kind = JsonValue::Kind::Bool;
      value.boolean = false;
      return true;
    }
    if (consumeLiteral("null")) {
      value.kind = JsonValue::Kind::Null;
      return true;
    }
    return fail("value expected");
  }

  bool parseObject(JsonValue& value, int depth) {
    value.kind = JsonValue::Kind::Object;
    ++position_;  // '{'
    skipWhitespace();
    if (!atEnd() && peek() == '}') {
      ++position_;
      return true;
    }
    while (true) {
      skipWhitespace();
      if (atEnd() || peek() != '"') return fail("member name expected");
      std::string key;
      if (!parseString(key)) return false;
      skipWhitespace();
      if (atEnd() || peek() != ':') return fail("':' expected");
      ++position_;
      skipWhitespace();
      JsonValue member;
      if (!parseValue(member, depth + 1)) return false;
      value.members.emplace_back(std::move(key), std::move(member));
      skipWhitespace();
      if (atEnd()) return fail("'}' expected");
      if (peek() == ',') {
        ++position_;
        continue;
      }
      if (peek() == '}') {
        ++position_;
        return true;
      }
      return fail("',' or '}' expected");
    }
  }

  bool parseArray(JsonValue& value, int depth) {
    value.kind = JsonValue::Kind::Array;
    ++position_;  // '['
    skipWhitespace();
    if (!atEnd() && peek() == ']') {
      ++position_;
      return true;
    }
    while (true) {
      skipWhitespace();
      JsonValue item;
      if (!parseValue(item, depth + 1)) return false;
      value.items.push_back(std::move(item));
      skipWhitespace();
      if (atEnd()) return fail("']' expected");
      if (peek() == ',') {
        ++position_;
        continue;
      }
      if (peek() == ']') {
        ++position_;
        return true;
      }
      return fail("',' or ']' expected");
    }
  }

  bool parseHex4(uint32_t& out) {
    if (text_.size() - position_ < 4) return fail("four hex digits expected after \\u");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[position_++];
      uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = uint32_t(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = uint32_t(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = uint32_t(c - 'A' + 10);
      } else {
        return fail("hex digit expected after \\u");
      }
      out = out * 16 + digit;
    }
    return true;
  }

  static void appendUtf8(std::string& out, uint32_t codePoint) {
    if (codePoint < 0x80) {
      out.push_back(char(codePoint));
    } else if (codePoint < 0x800) {
      out.push_back(char(0xC0 | (codePoint >> 6)));
      out.push_back(char(0x80 | (codePoint & 0x3F)));
    } else if (codePoint < 0x10000) {
      out.push_back(char(0xE0 | (codePoint >> 12)));
      out.push_back(char(0x80 | ((codePoint >> 6) & 0x3F)));
      out.push_back(char(0x80 | (codePoint & 0x3F)));
    } else {
      out.push_back(char(0xF0 | (codePoint >> 18)));
      out.push_back(char(0x80 | ((codePoint >> 12) & 0x3F)));
      out.push_back(char(0x80 | ((codePoint >> 6) & 0x3F)));
      out.push_back(char(0x80 | (codePoint & 0x3F)));
    }
  }

  bool parseEscape(std::string& out) {
    if (atEnd()) return fail("unfinished escape");
    const char c = text_[position_++];
    switch (c) {
      case '"': out.push_back('"'); return true;
      case '\\': out.push_back('\\'); return true;
      case '/': out.push_back('/'); return true;
      case 'b': out.push_back('\b'); return true;
      case 'f': out.push_back('\f'); return true;
      case 'n': out.push_back('\n'); return true;
      case 'r': out.push_back('\r'); return true;
      case 't': out.push_back('\t'); return true;
      case 'u': {
        uint32_t unit = 0;
        if (!parseHex4(unit)) return false;
        if (unit >= 0xDC00 && unit <= 0xDFFF) return fail("lone low surrogate");
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          if (!consumeLiteral("\\u")) return fail("high surrogate without its low half");
          uint32_t low = 0;
          if (!parseHex4(low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return fail("high surrogate without its low half");
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, unit);
        return true;
      }
      default:
        return fail("unknown escape");
    }
  }

  bool parseString(std::string& out) {
    ++position_;  // opening quote
    while (true) {
      if (atEnd()) return fail("unterminated string");
      const char c = text_[position_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (!parseEscape(out)) return false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return fail("control character in string");
      } else if (static_cast<unsigned char>(c) < 0x80) {
        out.push_back(c);
      } else {
        --position_;
        if (!copyUtf8Sequence(out)) return fail("invalid UTF-8 in string");
      }
    }
  }

  // Copies one multi-byte UTF-8 character, refusing overlong forms,
  // surrogates and code points past U+10FFFF (RFC 3629).
  bool copyUtf8Sequence(std::string& out) {
    const auto byteAt = [this](size_t i) { return static_cast<unsigned char>(text_[i]); };
    const unsigned char lead = byteAt(position_);
    size_t length;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (text_.size() - position_ < length) return false;
    for (size_t i = 1; i < length; ++i) {
      const unsigned char next = byteAt(position_ + i);
      const unsigned char minimum = i == 1 ? low : 0x80;
      const unsigned char maximum = i == 1 ? high : 0xBF;
      if (next < minimum || next > maximum) return false;
    }
    out.append(text_.data() + position_, length);
    position_ += length;
    return true;
  }

  static bool isDigit(char c) { return c >= '0' && c <= '9'; }

  bool parseNumber(JsonValue& value) {
    value.kind = JsonValue::Kind::Integer;
    if (peek() == '-') {
      value.negative = true;
      ++position_;
    }
    if (atEnd() || !isDigit(peek())) return fail("digit expected");
    if (peek() == '0') {
      ++position_;
      if (!atEnd() && isDigit(peek())) return fail("leading zero in number");
    } else {
      while (!atEnd() && isDigit(peek())) {
        const uint64_t digit = uint64_t(peek() - '0');
        if (value.magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
          value.overflow = true;
        } else if (!value.overflow) {
          value.magnitude = value.magnitude * 10 + digit;
        }
        ++position_;
      }
    }
    if (!atEnd() && peek() == '.') {
      value.kind = JsonValue::Kind::Fraction;
      ++position_;
      if (atEnd() || !isDigit(peek())) return fail("digit expected after '.'");
      while (!atEnd() && isDigit(peek())) ++position_;
    }
    if (!atEnd() && (peek() == 'e' || peek() == 'E')) {
      value.kind = JsonValue::Kind::Fraction;
      ++position_;
      if (!atEnd() && (peek() == '+' || peek() == '-')) ++position_;
      if (atEnd() || !isDigit(peek())) return fail("digit expected in exponent");
      while (!atEnd() && isDigit(peek())) ++position_;
    }
    return true;
  }

  std::string_view text_;
  std::string& error_;
  size_t position_ = 0;
};

}  // namespace

const JsonValue* JsonValue::member(std::string_view key) const {
  for (const auto& entry : members) {
    if (entry.first == key) return &entry.second;
  }
  return nullptr;
}

bool JsonValue::asUnsigned(uint64_t& out) const {
  if (kind != Kind::Integer || overflow || (negative && magnitude != 0)) return false;
  out = magnitude;
  return true;
}

bool JsonValue::asSigned(int64_t& out) const {
  if (kind != Kind::Integer || overflow) return false;
  const uint64_t limit = uint64_t(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > limit + 1) return false;
    out = magnitude == limit + 1 ? std::numeric_limits<int64_t>::min() : -int64_t(magnitude);
  } else {
    if (magnitude > limit) return false;
    out = int64_t(magnitude);
  }
  return true;
}

bool parseJson(std::string_view text, JsonValue& value, std::string& error) {
  value = JsonValue();
  JsonParser parser(text, error);
  return parser.parseDocument(value);
}

}  // namespace energy_node
