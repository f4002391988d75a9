// A small test framework: TEST(Suite, Name) registers a test, EXPECT_*
// record failures and carry on, ASSERT_* stop the test. The runner prints
// one line per test and, last, "N passed, M failed".
#pragma once

#include <cstdint>
#include <functional>
#include <sstream>
#include <string>

namespace tiny_test {

using TestFunction = void (*)();

struct Registrar {
  Registrar(const char* suite, const char* name, TestFunction function);
};

void recordFailure(const char* file, int line, const std::string& message);

template <typename T>
std::string show(const T& value) {
  std::ostringstream out;
  if constexpr (std::is_same_v<T, bool>) {
    out << (value ? "true" : "false");
  } else if constexpr (std::is_enum_v<T>) {
    out << static_cast<long long>(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    out << '"' << value << '"';
  } else {
    out << value;
  }
  return out.str();
}

template <typename A, typename B>
bool checkEqual(const A& actual, const B& expected, const char* actualText, const char* expectedText,
                const char* file, int line) {
  if (actual == expected) return true;
  recordFailure(file, line,
                std::string(actualText) + " == " + expectedText + "\n      actual:   " +
                    show(actual) + "\n      expected: " + show(expected));
  return false;
}

bool checkTrue(bool condition, const char* text, const char* file, int line);
bool checkNear(double actual, double expected, double tolerance, const char* actualText,
               const char* file, int line);

// Value of a runner option such as --metering-report PATH, or empty.
std::string option(const std::string& name);

// Runs every test whose "Suite.Name" contains the first non-option argument.
int runAllTests(int argc, char** argv);

}  // namespace tiny_test

#define TINY_TEST_CONCAT_(a, b) a##b
#define TEST(Suite, Name)                                                                    \
  static void TINY_TEST_CONCAT_(Suite##_, Name)();                                           \
  static const ::tiny_test::Registrar TINY_TEST_CONCAT_(registrar_##Suite##_, Name)(         \
      #Suite, #Name, &TINY_TEST_CONCAT_(Suite##_, Name));                                    \
  static void TINY_TEST_CONCAT_(Suite##_, Name)()

#define EXPECT_TRUE(condition) ::tiny_test::checkTrue(bool(condition), #condition, __FILE__, __LINE__)
#define EXPECT_FALSE(condition) \
  ::tiny_test::checkTrue(!bool(condition), "!(" #condition ")", __FILE__, __LINE__)
#define EXPECT_EQ(actual, expected) \
  ::tiny_test::checkEqual((actual), (expected), #actual, #expected, __FILE__, __LINE__)
#define EXPECT_NEAR(actual, expected, tolerance) \
  ::tiny_test::checkNear((actual), (expected), (tolerance), #actual, __FILE__, __LINE__)
#define ASSERT_TRUE(condition) \
  do {                         \
    if (!EXPECT_TRUE(condition)) return; \
  } while (0)
#define ASSERT_EQ(actual, expected) \
  do {                              \
    if (!EXPECT_EQ(actual, expected)) return; \
  } while (0)
