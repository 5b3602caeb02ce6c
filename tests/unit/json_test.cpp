// Unit tests of the JSON writer behind summary.json: exact bytes for nested containers, empty
// ones, and escaped strings, since a re-run must write the same bytes.
#include "ownercare/core/json.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

using ownercare::json_quote;
using ownercare::JsonWriter;

TEST_CASE("json: an empty object", "[json]") {
  JsonWriter json;
  json.begin_object().end_object();
  CHECK(json.text() == "{}\n");
}

TEST_CASE("json: members in the order written, two-space indents", "[json]") {
  JsonWriter json;
  json.begin_object();
  json.key("b").value("x");
  json.key("a").value(1);
  json.end_object();
  CHECK(json.text() == "{\n  \"b\": \"x\",\n  \"a\": 1\n}\n");
}

TEST_CASE("json: nested objects and arrays", "[json]") {
  JsonWriter json;
  json.begin_object();
  json.key("as_of").value("2026-03-10");
  json.key("rows").begin_object();
  json.key("sms").value(std::size_t{2});
  json.key("calls").value(std::int64_t{-1});
  json.end_object();
  json.key("steps").begin_array();
  json.begin_object().key("rule").value("r").key("ok").value(true).end_object();
  json.value(false);
  json.end_array();
  json.end_object();
  CHECK(json.text() ==
        "{\n"
        "  \"as_of\": \"2026-03-10\",\n"
        "  \"rows\": {\n"
        "    \"sms\": 2,\n"
        "    \"calls\": -1\n"
        "  },\n"
        "  \"steps\": [\n"
        "    {\n"
        "      \"rule\": \"r\",\n"
        "      \"ok\": true\n"
        "    },\n"
        "    false\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("json: empty containers inside an object", "[json]") {
  JsonWriter json;
  json.begin_object();
  json.key("warnings").begin_array().end_array();
  json.key("skipped").begin_object().end_object();
  json.key("n").value(0);
  json.end_object();
  CHECK(json.text() == "{\n  \"warnings\": [],\n  \"skipped\": {},\n  \"n\": 0\n}\n");
}

TEST_CASE("json: an array of strings", "[json]") {
  JsonWriter json;
  json.begin_object();
  json.key("list").begin_array().value("a").value("b").end_array();
  json.end_object();
  CHECK(json.text() == "{\n  \"list\": [\n    \"a\",\n    \"b\"\n  ]\n}\n");
}

TEST_CASE("json: a raw value is written as given", "[json]") {
  JsonWriter json;
  json.begin_object();
  json.key("files").raw("{\"x\": 1}");
  json.end_object();
  CHECK(json.text() == "{\n  \"files\": {\"x\": 1}\n}\n");
}

TEST_CASE("json: quotes, backslashes and control characters are escaped", "[json]") {
  CHECK(json_quote("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_quote("line\nnext\r\tend") == "\"line\\nnext\\r\\tend\"");
  CHECK(json_quote(std::string("\x01\x1f", 2)) == "\"\\u0001\\u001f\"");
  CHECK(json_quote(std::string(1, '\0')) == "\"\\u0000\"");
}

TEST_CASE("json: UTF-8 passes through unescaped", "[json]") {
  CHECK(json_quote("京N***6 国庆节") == "\"京N***6 国庆节\"");
}

TEST_CASE("json: keys are escaped like values", "[json]") {
  JsonWriter json;
  json.begin_object().key("a\"b").value("c").end_object();
  CHECK(json.text() == "{\n  \"a\\\"b\": \"c\"\n}\n");
}
