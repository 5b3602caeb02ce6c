#include "ownercare/engine/subject.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ownercare/core/phone.hpp"
#include "ownercare/core/plate.hpp"
#include "ownercare/core/template.hpp"
#include "ownercare/engine/fleet_subjects.hpp"

namespace ownercare::engine {

std::string Subject::first_phone() const {
  for (const auto& phone : phones) {
    if (!phone.number.empty()) return phone.number;
  }
  return "";
}

Subject fleet_subject(store::FleetSubject fleet) {
  Subject subject;
  subject.kind = rules::SubjectKind::fleet;
  subject.id = fleet.vehicle_id;
  subject.name = fleet.owner_name;
  subject.team = fleet.city;
  subject.phones.push_back({fleet.owner_phone, fleet.phone_kind, "owner"});
  subject.fleet = std::move(fleet);
  return subject;
}

namespace {

// The further numbers of a phone cell, after the subject's named phones.
void add_other_phones(Subject& subject, std::string_view list) {
  for (auto& phone : split_other_phones(list)) {
    subject.phones.push_back({std::move(phone.number), phone_kind_name(phone.kind), "other"});
  }
}

void add_vehicle_phones(Subject& subject, const store::DealerVehicle& vehicle) {
  subject.phones.push_back({vehicle.mobile, vehicle.mobile_kind, "mobile"});
  subject.phones.push_back({vehicle.home_phone, vehicle.home_kind, "home"});
  subject.phones.push_back({vehicle.office_phone, vehicle.office_kind, "office"});
  add_other_phones(subject, vehicle.other_phones);
}

std::string vehicle_stopped(const store::DealerVehicle& vehicle) {
  if (vehicle.sold_on) return "vehicle sold by its owner";
  if (vehicle.gone_on) return "vehicle no longer in the sales snapshot";
  return "";
}

// Car-wash lists are routed by region and franchise.
std::string member_team(const store::Member& member) {
  if (!member.region.empty() && !member.franchise.empty()) {
    return member.region + "/" + member.franchise;
  }
  return member.franchise.empty() ? member.region : member.franchise;
}

}  // namespace

std::optional<Subject> load_subject(store::DealerQueries& dealer, rules::SubjectKind kind,
                                    const std::string& id) {
  Subject subject;
  subject.kind = kind;
  subject.id = id;
  switch (kind) {
    case rules::SubjectKind::fleet:
      return std::nullopt;
    case rules::SubjectKind::vehicle: {
      auto vehicle = dealer.vehicle(id);
      if (!vehicle) return std::nullopt;
      subject.name = vehicle->customer_name;
      subject.team = vehicle->dealer_code;
      add_vehicle_phones(subject, *vehicle);
      subject.stopped = vehicle_stopped(*vehicle);
      subject.vehicle = std::make_shared<const store::DealerVehicle>(std::move(*vehicle));
      return subject;
    }
    case rules::SubjectKind::order: {
      auto order = dealer.order(id);
      if (!order) return std::nullopt;
      subject.team = order->dealer_code;
      if (!order->vin.empty()) {
        if (auto vehicle = dealer.vehicle(order->vin)) {
          subject.name = vehicle->customer_name;
          if (subject.team.empty()) subject.team = vehicle->dealer_code;
          add_vehicle_phones(subject, *vehicle);
          subject.stopped = vehicle_stopped(*vehicle);
          subject.vehicle = std::make_shared<const store::DealerVehicle>(std::move(*vehicle));
        }
      }
      if (!subject.vehicle && !order->member_id.empty()) {
        if (auto member = dealer.member(order->member_id)) {
          subject.name = member->name;
          subject.team = member_team(*member);
          subject.phones.push_back({member->mobile, member->mobile_kind, "mobile"});
          add_other_phones(subject, member->other_phones);
          if (member->gone_on) subject.stopped = "member no longer in the members snapshot";
          subject.member = std::make_shared<const store::Member>(std::move(*member));
        }
      }
      subject.order = std::make_shared<const store::ServiceOrder>(std::move(*order));
      return subject;
    }
    case rules::SubjectKind::member: {
      auto member = dealer.member(id);
      if (!member) return std::nullopt;
      subject.name = member->name;
      subject.team = member_team(*member);
      subject.phones.push_back({member->mobile, member->mobile_kind, "mobile"});
      add_other_phones(subject, member->other_phones);
      if (member->gone_on) subject.stopped = "member no longer in the members snapshot";
      subject.member = std::make_shared<const store::Member>(std::move(*member));
      return subject;
    }
  }
  return std::nullopt;
}

namespace {

// The value a `when` condition tests, or nullopt when the subject has no such field.
std::optional<std::string> field_value(const Subject& subject, const std::string& field) {
  const auto* vehicle = subject.vehicle ? &*subject.vehicle : nullptr;
  const auto* order = subject.order ? &*subject.order : nullptr;
  const auto* member = subject.member ? &*subject.member : nullptr;
  if (field == "type" && order) return order->type;
  if (field == "dealer_code") {
    if (order) return order->dealer_code.empty() && vehicle ? vehicle->dealer_code : order->dealer_code;
    if (vehicle) return vehicle->dealer_code;
  }
  if (field == "brand" && vehicle) return vehicle->brand;
  if (field == "model" && vehicle) return vehicle->model;
  if (field == "category" && vehicle) return vehicle->category;
  if (field == "region" && member) return member->region;
  if (field == "franchise" && member) return member->franchise;
  if (field == "card_type" && member) return member->card_type;
  return std::nullopt;
}

}  // namespace

bool balance_fell_below(const store::Member& member, double threshold) {
  if (!member.balance || *member.balance >= threshold) return false;
  return !member.balance_before || *member.balance_before >= threshold;
}

bool dealer_matches(const rules::Rule& rule, const Subject& subject) {
  for (const auto& condition : rule.when) {
    auto value = field_value(subject, condition.field);
    if (!value) return false;
    if (std::find(condition.values.begin(), condition.values.end(), *value) ==
        condition.values.end()) {
      return false;
    }
  }
  return true;
}

std::string service_label(const std::string& type) {
  if (type == "repair") return "维修";
  if (type == "maintenance") return "保养";
  if (type == "first_maintenance") return "首保";
  if (type == "warranty") return "保修";
  if (type == "wash") return "洗车";
  return "服务";
}

DealerValues::DealerValues(const rules::Rule& rule, const Subject& subject, Date anchor,
                           const std::optional<Holiday>& holiday,
                           std::optional<long long> due_km)
    : rule_(rule) {
  auto add = [&](const char* name, std::string value) {
    if (!value.empty()) values_.emplace_back(name, std::move(value));
  };
  if (subject.vehicle) {
    const auto& vehicle = *subject.vehicle;
    add("customer_name", vehicle.customer_name);
    if (!vehicle.plate.empty()) add("plate_masked", mask_plate(vehicle.plate));
    add("brand", vehicle.brand);
    add("model", vehicle.model);
    if (rule.anchor == rules::AnchorKind::warranty_end) {
      add("warranty_km", vehicle.warranty_km ? std::to_string(*vehicle.warranty_km) : "");
    }
  }
  if (subject.member) {
    const auto& member = *subject.member;
    add("name", member.name);
    add("customer_name", member.name);
    add("card_type", member.card_type);
    if (member.balance) add("balance", format_yuan(*member.balance));
    if (member.expires) add("expires", chinese_month_day(*member.expires));
    add("franchise", member.franchise);
  }
  if (subject.order) {
    add("closed_date", chinese_month_day(subject.order->closed));
    add("service", service_label(subject.order->type));
  }
  if (due_km) {
    add(rule.anchor == rules::AnchorKind::warranty_end ? "warranty_km" : "due_km",
        std::to_string(*due_km));
  }
  if (rule.anchor == rules::AnchorKind::last_visit) {
    add("months", std::to_string(rule.after_months));
    Date visit = anchor.plus_months(-rule.after_months);
    add("last_visit", fmt::format("{}年{}月{}日", visit.year(), visit.month(), visit.day()));
  }
  add("due_date", chinese_month_day(anchor));
  if (holiday) {
    add("holiday", holiday->name);
    add("holiday_date", chinese_month_day(holiday->first_off));
  }
}

std::optional<std::string_view> DealerValues::operator()(std::string_view name) const {
  for (const auto& [key, value] : values_) {
    if (key == name) return std::string_view(value);
  }
  auto param = rule_.params.find(std::string(name));
  if (param != rule_.params.end()) return std::string_view(param->second);
  return std::nullopt;
}

namespace {

std::string order_line(const store::ServiceOrder& order) {
  std::string line = fmt::format("{} {}", order.closed.iso(), service_label(order.type));
  if (order.mileage_km) line += fmt::format(" {}km", *order.mileage_km);
  if (!order.advisor.empty()) line += " 顾问" + order.advisor;
  return line;
}

}  // namespace

std::string dealer_call_context(store::DealerQueries& dealer, const Subject& subject,
                                const rules::Rule& rule, Date anchor) {
  std::vector<std::string> parts;
  std::vector<store::ServiceOrder> orders;
  if (subject.vehicle) {
    const auto& v = *subject.vehicle;
    std::string facts = fmt::format("核对：{} {} {}", v.customer_name.empty() ? "(无姓名)" : v.customer_name,
                                    v.plate.empty() ? "(无车牌)" : v.plate, v.vin);
    if (!v.brand.empty() || !v.model.empty()) facts += fmt::format(" {}{}", v.brand, v.model);
    facts += fmt::format(" 购车{}", v.sale_date.iso());
    if (v.odometer_km) {
      facts += fmt::format(" 里程{}km({})", *v.odometer_km,
                           v.odometer_date ? v.odometer_date->iso() : "");
    }
    parts.push_back(facts);
    orders = dealer.orders_of_vehicle(v.vin, 5);
  } else if (subject.member) {
    const auto& m = *subject.member;
    std::string facts = fmt::format("核对：{} 会员{} {}", m.name.empty() ? "(无姓名)" : m.name,
                                    m.member_id, m.card_type);
    if (m.balance) facts += " 余额" + format_yuan(*m.balance) + "元";
    if (m.expires) facts += " 有效期至" + m.expires->iso();
    parts.push_back(facts);
    orders = dealer.orders_of_member(m.member_id, 5);
  }
  if (subject.order) {
    const auto& o = *subject.order;
    std::string line = "本次：" + order_line(o) + " 单号" + o.order_id;
    if (!o.complaint.empty()) line += " 投诉：" + o.complaint;
    parts.push_back(line);
  }
  if (rule.anchor == rules::AnchorKind::warranty_end) {
    parts.push_back("保修到期：" + anchor.iso());
  } else if (rule.anchor == rules::AnchorKind::first_service_due ||
             rule.anchor == rules::AnchorKind::service_due) {
    parts.push_back("保养到期：" + anchor.iso());
  }
  std::string history;
  int shown = 0;
  for (const auto& order : orders) {
    if (subject.order && order.order_id == subject.order->order_id) continue;
    if (shown++ == 3) break;
    history += (history.empty() ? "" : "; ") + order_line(order);
  }
  parts.push_back("最近服务：" + (history.empty() ? std::string("无") : history));
  std::string suggestions;
  for (const auto& order : orders) {
    if (!order.suggestion.empty()) {
      suggestions += (suggestions.empty() ? "" : "; ") + order.closed.iso() + " " + order.suggestion;
    }
  }
  parts.push_back("建议维修：" + (suggestions.empty() ? std::string("无") : suggestions));
  std::string complaints;
  for (const auto& order : orders) {
    if (!order.complaint.empty() && !(subject.order && order.order_id == subject.order->order_id)) {
      complaints += (complaints.empty() ? "" : "; ") + order.closed.iso() + " " + order.complaint;
    }
  }
  // Complaints and unsatisfied answers given on earlier calls: about this subject, its
  // vehicle or member, and the vehicle's or member's other recent orders.
  auto add_outcomes = [&](const char* kind, const std::string& id) {
    for (const auto& line : dealer.complaint_outcomes(kind, id, 3)) {
      complaints += (complaints.empty() ? "" : "; ") + line;
    }
  };
  add_outcomes(subject.kind_name(), subject.id);
  if (subject.vehicle && subject.kind != rules::SubjectKind::vehicle) {
    add_outcomes("vehicle", subject.vehicle->vin);
  }
  if (subject.member && subject.kind != rules::SubjectKind::member) {
    add_outcomes("member", subject.member->member_id);
  }
  for (const auto& order : orders) {
    if (subject.order && order.order_id == subject.order->order_id) continue;
    add_outcomes("order", order.order_id);
  }
  parts.push_back("投诉记录：" + (complaints.empty() ? std::string("无") : complaints));
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : " | ") + part;
  return text;
}

}  // namespace ownercare::engine
