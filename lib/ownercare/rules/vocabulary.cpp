#include "ownercare/rules/vocabulary.hpp"

namespace ownercare::rules {

const std::vector<std::string>& condition_fields(SubjectKind kind) {
  static const std::vector<std::string> fleet = {"status", "city", "mark", "phone_kind"};
  static const std::vector<std::string> vehicle = {"brand", "model", "category", "dealer_code"};
  static const std::vector<std::string> order = {"type", "dealer_code", "brand", "model"};
  static const std::vector<std::string> member = {"region", "franchise", "card_type"};
  switch (kind) {
    case SubjectKind::fleet: return fleet;
    case SubjectKind::vehicle: return vehicle;
    case SubjectKind::order: return order;
    case SubjectKind::member: return member;
  }
  return fleet;
}

const std::vector<Placeholder>& placeholders(SubjectKind kind, AnchorKind anchor) {
  static const std::vector<Placeholder> fleet_episode = {
      {"plate_masked", true, "the plate, masked: 京N***6"},
      {"days", true, "days in the current status"},
      {"status", true, "the status: 0, -1 or -2"},
      {"owner_name", false, "the owner's name"},
      {"city", false, "the vehicle's city"},
      {"lost_income", false, "income lost to rejected orders, in yuan"},
      {"reject_rate", false, "rejection or no-response rate, in percent"},
      {"last_login", false, "the owner's last login to the app"},
  };
  auto with_holiday = [](std::vector<Placeholder> list) {
    list.push_back({"holiday", true, "the holiday's name: 国庆节"});
    list.push_back({"holiday_date", true, "its first day off: 10月1日"});
    return list;
  };
  static const std::vector<Placeholder> fleet_holiday = with_holiday(fleet_episode);
  static const std::vector<Placeholder> vehicle_common = {
      {"customer_name", false, "the owner's name"},
      {"plate_masked", false, "the plate, masked: 京N***6"},
      {"brand", false, "the brand"},
      {"model", false, "the model"},
      {"due_date", true, "the anchor date: sale, warranty end, service due, ... as 10月1日"},
  };
  static const std::vector<Placeholder> vehicle_warranty = [&] {
    auto list = vehicle_common;
    list.push_back({"warranty_km", true, "the warranty's km limit: 100000"});
    return list;
  }();
  static const std::vector<Placeholder> vehicle_service = [&] {
    auto list = vehicle_common;
    list.push_back({"due_km", false, "the mileage the service is due at: 15000"});
    return list;
  }();
  static const std::vector<Placeholder> vehicle_last_visit = [&] {
    auto list = vehicle_common;
    list.push_back({"months", true, "months since the last visit"});
    list.push_back({"last_visit", true, "the last visit: 2025年10月1日"});
    return list;
  }();
  static const std::vector<Placeholder> vehicle_holiday = with_holiday(vehicle_common);
  static const std::vector<Placeholder> order = {
      {"customer_name", false, "the customer's name"},
      {"plate_masked", false, "the plate, masked: 京N***6"},
      {"closed_date", true, "the day the vehicle left (or the wash): 10月1日"},
      {"service", true, "what was done: 维修, 保养, 首保, 保修, 洗车"},
  };
  static const std::vector<Placeholder> member = {
      {"name", false, "the member's name"},
      {"card_type", false, "the card type"},
      {"balance", false, "the balance, in yuan"},
      {"expires", false, "the card's expiry date: 10月1日"},
      {"franchise", false, "the member's franchise"},
      {"due_date", true, "the anchor date as 10月1日"},
  };
  static const std::vector<Placeholder> member_holiday = with_holiday(member);
  switch (kind) {
    case SubjectKind::fleet:
      return anchor == AnchorKind::holiday ? fleet_holiday : fleet_episode;
    case SubjectKind::vehicle:
      switch (anchor) {
        case AnchorKind::holiday: return vehicle_holiday;
        case AnchorKind::warranty_end: return vehicle_warranty;
        case AnchorKind::first_service_due:
        case AnchorKind::service_due: return vehicle_service;
        case AnchorKind::last_visit: return vehicle_last_visit;
        default: return vehicle_common;
      }
    case SubjectKind::order: return order;
    case SubjectKind::member: return anchor == AnchorKind::holiday ? member_holiday : member;
  }
  return fleet_episode;
}

const std::vector<std::string>& dispositions(SubjectKind kind) {
  static const std::vector<std::string> fleet = {"relist",   "wait",        "never",
                                                 "callback", "do_not_call", "driving"};
  // Dealer and car-wash calls (seed 001): how the customer answered.
  static const std::vector<std::string> vehicle = {
      "satisfied",   "unsatisfied", "complaint",  "appointment", "callback",
      "do_not_call", "driving",     "wrong_info", "sold_vehicle"};
  static const std::vector<std::string> member = {"satisfied",   "unsatisfied", "complaint",
                                                  "appointment", "callback",    "do_not_call",
                                                  "driving",     "wrong_info"};
  switch (kind) {
    case SubjectKind::fleet: return fleet;
    case SubjectKind::vehicle:
    case SubjectKind::order: return vehicle;
    case SubjectKind::member: return member;
  }
  return fleet;
}

const std::vector<AnchorKind>& anchors(SubjectKind kind) {
  static const std::vector<AnchorKind> fleet = {AnchorKind::episode_start, AnchorKind::holiday};
  static const std::vector<AnchorKind> vehicle = {
      AnchorKind::sale_date,      AnchorKind::warranty_end, AnchorKind::first_service_due,
      AnchorKind::service_due,    AnchorKind::inspection_due, AnchorKind::birthday,
      AnchorKind::holiday,        AnchorKind::last_visit};
  static const std::vector<AnchorKind> order = {AnchorKind::closed};
  static const std::vector<AnchorKind> member = {AnchorKind::card_expires,
                                                 AnchorKind::balance_low, AnchorKind::holiday};
  switch (kind) {
    case SubjectKind::fleet: return fleet;
    case SubjectKind::vehicle: return vehicle;
    case SubjectKind::order: return order;
    case SubjectKind::member: return member;
  }
  return fleet;
}

std::vector<std::string> template_placeholders(std::string_view text, std::string& error) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{') {
      if (i + 1 < text.size() && text[i + 1] == '{') {
        ++i;
        continue;
      }
      auto close = text.find('}', i + 1);
      if (close == std::string_view::npos) {
        error = "a '{' is never closed (write {{ for a literal brace)";
        return names;
      }
      auto name = text.substr(i + 1, close - i - 1);
      if (name.empty() || name.find('{') != std::string_view::npos) {
        error = "an empty or nested placeholder";
        return names;
      }
      names.emplace_back(name);
      i = close;
    } else if (c == '}') {
      if (i + 1 < text.size() && text[i + 1] == '}') {
        ++i;
        continue;
      }
      error = "a '}' without its '{' (write }} for a literal brace)";
      return names;
    }
  }
  return names;
}

}  // namespace ownercare::rules
