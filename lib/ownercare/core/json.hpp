// A small JSON writer for summary.json: members in the order written, two-space indents,
// UTF-8 passed through, control characters escaped. Deterministic byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ownercare {

class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);  // inside an object, before its value
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(std::size_t number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& raw(std::string_view json);  // an already-formatted value
  const std::string& text() const { return text_; }

 private:
  void before_value();
  void newline();
  std::string text_;
  std::vector<bool> has_members_;  // per open container
  bool after_key_ = false;
};

std::string json_quote(std::string_view text);

}  // namespace ownercare
