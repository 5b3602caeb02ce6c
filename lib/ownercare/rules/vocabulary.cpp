#include "ownercare/rules/vocabulary.hpp"

namespace ownercare::rules {

const std::vector<std::string>& condition_fields(SubjectKind kind) {
  static const std::vector<std::string> fleet = {"status", "city", "mark", "phone_kind"};
  static const std::vector<std::string> none;
  return kind == SubjectKind::fleet ? fleet : none;
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
  static const std::vector<Placeholder> fleet_holiday = [] {
    auto list = fleet_episode;
    list.push_back({"holiday", true, "the holiday's name: 国庆节"});
    list.push_back({"holiday_date", true, "its first day off: 10月1日"});
    return list;
  }();
  static const std::vector<Placeholder> none;
  if (kind != SubjectKind::fleet) return none;
  return anchor == AnchorKind::holiday ? fleet_holiday : fleet_episode;
}

const std::vector<std::string>& dispositions(SubjectKind kind) {
  static const std::vector<std::string> fleet = {"relist",   "wait",        "never",
                                                 "callback", "do_not_call", "driving"};
  static const std::vector<std::string> none;
  return kind == SubjectKind::fleet ? fleet : none;
}

const std::vector<AnchorKind>& anchors(SubjectKind kind) {
  static const std::vector<AnchorKind> fleet = {AnchorKind::episode_start, AnchorKind::holiday};
  static const std::vector<AnchorKind> none;
  return kind == SubjectKind::fleet ? fleet : none;
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
