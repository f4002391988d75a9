// Host stand-in for cores/esp32/WString.h (Arduino-ESP32 3.x): the
// constructors and members of String that exist on the board, no more (in
// particular no conversion from std::string); see README.md.
#pragma once

#include <cstddef>
#include <string>

class String {
 public:
  String(const char* cstr = "");
  String(const char* cstr, unsigned int length);
  String(const String& str) = default;
  String(String&& rval) = default;
  explicit String(char c);
  explicit String(unsigned char, unsigned char base = 10);
  explicit String(int, unsigned char base = 10);
  explicit String(unsigned int, unsigned char base = 10);
  explicit String(long, unsigned char base = 10);
  explicit String(unsigned long, unsigned char base = 10);
  explicit String(float, unsigned int decimalPlaces = 2);
  explicit String(double, unsigned int decimalPlaces = 2);
  explicit String(long long, unsigned char base = 10);
  explicit String(unsigned long long, unsigned char base = 10);
  ~String() = default;

  String& operator=(const String& rhs) = default;
  String& operator=(String&& rhs) = default;
  String& operator=(const char* cstr);

  unsigned int length() const { return unsigned(text_.size()); }
  bool isEmpty() const { return text_.empty(); }
  const char* c_str() const { return text_.c_str(); }
  bool concat(const String& str);
  bool concat(const char* cstr);
  bool concat(const char* cstr, unsigned int length);
  String& operator+=(const String& rhs) {
    concat(rhs);
    return *this;
  }
  String& operator+=(const char* cstr) {
    concat(cstr);
    return *this;
  }
  bool equals(const String& s) const { return text_ == s.text_; }
  bool equals(const char* cstr) const { return text_ == (cstr != nullptr ? cstr : ""); }
  bool operator==(const String& rhs) const { return equals(rhs); }
  bool operator==(const char* cstr) const { return equals(cstr); }
  bool operator!=(const String& rhs) const { return !equals(rhs); }
  bool operator!=(const char* cstr) const { return !equals(cstr); }
  bool equalsIgnoreCase(const String& s) const;
  bool startsWith(const String& prefix) const;
  String substring(unsigned int beginIndex) const;
  String substring(unsigned int beginIndex, unsigned int endIndex) const;
  long toInt() const;

 private:
  std::string text_;
};
