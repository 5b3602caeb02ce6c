// Unit tests of SMS template rendering: {name} replaced by the subject's value, {{ and }} as
// literal braces, and no text at all (nullopt) when a value is missing or empty, so the caller
// falls back; and money as an SMS shows it.
#include "ownercare/core/template.hpp"

#include <catch2/catch.hpp>
#include <string>

using ownercare::format_yuan;
using ownercare::render_template;
using ownercare::Values;

TEST_CASE("template: placeholders are replaced by their values", "[template]") {
  Values values = {{"plate_masked", "京N***6"}, {"days", "3"}};
  CHECK(render_template("{plate_masked}已暂停出租{days}天。", values) == "京N***6已暂停出租3天。");
}

TEST_CASE("template: a placeholder used twice is replaced twice", "[template]") {
  Values values = {{"days", "7"}};
  CHECK(render_template("{days}/{days}", values) == "7/7");
}

TEST_CASE("template: a text without placeholders is returned as it is", "[template]") {
  CHECK(render_template("请登录App。", {}) == "请登录App。");
}

TEST_CASE("template: doubled braces are literal braces", "[template]") {
  Values values = {{"days", "3"}};
  CHECK(render_template("{{days}} is {days}", values) == "{days} is 3");
  CHECK(render_template("a {{ b }} c", values) == "a { b } c");
}

TEST_CASE("template: a missing value gives no text", "[template]") {
  Values values = {{"plate_masked", "京N***6"}};
  CHECK_FALSE(render_template("{plate_masked}损失{lost_income}元", values).has_value());
}

TEST_CASE("template: an empty value gives no text", "[template]") {
  Values values = {{"plate_masked", "京N***6"}, {"lost_income", ""}};
  CHECK_FALSE(render_template("{plate_masked}损失{lost_income}元", values).has_value());
}

TEST_CASE("template: values are inserted as they are, braces included", "[template]") {
  Values values = {{"owner_name", "{days}"}, {"days", "3"}};
  CHECK(render_template("{owner_name}", values) == "{days}");
}

TEST_CASE("yuan: whole amounts have no decimals", "[template]") {
  CHECK(format_yuan(1234) == "1234");
  CHECK(format_yuan(0) == "0");
}

TEST_CASE("yuan: other amounts have two decimals", "[template]") {
  CHECK(format_yuan(1234.5) == "1234.50");
  CHECK(format_yuan(0.25) == "0.25");
}

TEST_CASE("yuan: amounts are rounded to the fen", "[template]") {
  CHECK(format_yuan(99.999) == "100");
  CHECK(format_yuan(12.3449) == "12.34");
}

TEST_CASE("template: a placeholder left in a text is found as it stands", "[template]") {
  using ownercare::unfilled_placeholder;
  CHECK(unfilled_placeholder("已{days}天") == "{days}");
  CHECK(unfilled_placeholder("a {b c} {x_1}") == "{x_1}");
  CHECK(unfilled_placeholder("{ 见官网 }") == "");
  CHECK(unfilled_placeholder("{}") == "");
  CHECK(unfilled_placeholder("{{days}") == "{days}");
  CHECK(unfilled_placeholder("no braces") == "");
}

TEST_CASE("template: the fixed parts of a text are what it keeps as written", "[template]") {
  using ownercare::render_fixed_parts;
  CHECK(render_fixed_parts("{plate_masked}已暂停{{days}}天") == "x已暂停{days}天");
  CHECK(render_fixed_parts("{a}{b}") == "xx");
  CHECK_FALSE(render_fixed_parts("{open").has_value());
}
