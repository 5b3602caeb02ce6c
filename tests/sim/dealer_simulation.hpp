// A many-night harness for the dealer network and the car-wash chain: sold vehicles, service
// orders and members kept in memory, a script of what happens to them, and the nights run
// through the real library.
//
// Each simulated night D does what scripts/nightly does: apply the script's changes for D
// (a new owner, a balance spent, a vehicle first sold), write the sales snapshot of D (every
// vehicle sold by then, all columns), the members snapshot of D (every member joined by then)
// and the service file of D (the orders the dealer's system exported that night, possibly
// none) and import them (sales, members, service: vehicles and members exist before the
// orders naming them); write the outcomes the script gives for D and record them; evaluate D
// with the dealer and car-wash rules of the checkout (dealer_care.toml, warranty.toml,
// carwash.toml with policy.toml and holidays.toml; not fleet_status.toml); and read back
// OUT/D/sms.csv and calls.csv into one log of emitted rows (sim::EmittedRow, as the fleet
// harness does). Tests compare a subject's timeline with a list written by hand.
//
// The script names vehicles by a short key ("WT": the warranty that ends by time); the
// harness gives each a valid VIN (check digit per ISO 3779) and maps keys to VINs wherever a
// subject is named, so a timeline of "WT" is the rows whose subject_id is WT's VIN. Orders and
// members are named by their own ids. Outcomes name a task the way a call centre does ("the
// d1_call of order SO-1002") and the harness finds its id in the rows emitted before that
// night, so outcomes only ever refer to work the library actually handed out.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/engine/evaluate.hpp"
#include "ownercare/rules/rule_set.hpp"
#include "ownercare/store/database.hpp"
#include "ownercare/store/task_store.hpp"
#include "sim/simulation.hpp"
#include "support/temp_dir.hpp"

namespace ownercare::sim {

// A VIN for a test vehicle: a fixed maker and model prefix, the serial as the last six
// characters, and position 9 the ISO 3779 check digit (computed here, independently of the
// library, so that a wrong check in the importer shows up as a rejected row).
std::string test_vin(int serial);

// One sold vehicle as the dealer's sales export shows it (SPEC 3.3). Every field is the CSV
// cell as written; "" leaves the cell empty. The default member initializers let a test name
// only the fields that matter with designated initializers.
struct SoldVehicle {
  std::string key{};  // the script's name for it; not in the file
  int serial = 0;     // its VIN is test_vin(serial)
  std::string plate{};
  std::string brand = "大众";
  std::string model = "朗逸";
  std::string category = "passenger";
  std::string dealer_code = "D0571";
  std::string customer_name{};
  std::string mobile{};
  std::string home_phone{};
  std::string office_phone{};
  std::string birthday{};
  std::string sale_date{};
  std::string registration_date{};
  std::string warranty_start{};
  std::string warranty_end{};
  std::string warranty_km{};
  std::string odometer_km{};
  std::string odometer_date{};
  std::string listed_from{};  // the first night whose snapshot shows it; "" = every night
};

// One line of the dealer's (or the car-wash chain's) service export (SPEC 3.4). `vin` may be
// a vehicle key of the simulation; it is written as that vehicle's VIN.
struct ServiceLine {
  std::string order_id{};
  std::string vin{};
  std::string member_id{};
  std::string dealer_code = "D0571";
  std::string type{};
  std::string opened{};
  std::string closed{};
  std::string mileage_km{};
  std::string advisor{};
  std::string suggestion{};
  std::string complaint{};
  std::string amount{};
};

// One car-wash member as the members export shows it (SPEC 3.5).
struct WashMember {
  std::string member_id{};
  std::string name{};
  std::string mobile{};
  std::string region = "杭州西湖";
  std::string franchise = "F01";
  std::string card_type = "年卡";
  std::string balance{};
  std::string expires{};
  std::string joined{};
  std::string listed_from{};  // the first night whose snapshot shows it; "" = every night
};

// An outcome the script records on a night for the task of `subject` (vehicle key, order id
// or member id) and `step` last emitted before that night (SPEC 3.6).
struct DealerOutcome {
  std::string subject{};
  std::string step{};
  std::string result{};
  std::string disposition{};
  std::string appointment_date{};  // with appointment
  std::string callback_date{};     // with callback
  std::string new_phone{};         // with wrong_info
  std::string satisfaction{};
  std::string note{};
};

class DealerSimulation {
 public:
  // A fresh database in a temporary folder, and a copy of the checkout's dealer and car-wash
  // rules (without the fleet rules).
  DealerSimulation();

  void add_vehicle(SoldVehicle vehicle);
  void add_member(WashMember member);
  // The contact policy the nights run with (the checkout's policy.toml), to change before the
  // first night.
  rules::ContactPolicy& policy() { return rules_.policy; }

  // --- the script: what happens on a night, before that night's files are written --------
  // The dealer's system exports the order on `night` (history goes on the first night).
  void add_order(const std::string& night, ServiceLine order);
  // The vehicle's or member's row changes from `night` on (a new owner, a balance spent).
  void change_vehicle(const std::string& night, const std::string& key,
                      std::function<void(SoldVehicle&)> change);
  void change_member(const std::string& night, const std::string& member_id,
                     std::function<void(WashMember&)> change);
  void record(const std::string& night, DealerOutcome outcome);

  // Runs every night from `first` to `last` (inclusive).
  void run_nights(const std::string& first, const std::string& last);

  // --- what came out -----------------------------------------------------------------------
  const std::vector<EmittedRow>& rows() const { return rows_; }
  // The subject_id a script name stands for: a vehicle key's VIN, anything else as it is.
  std::string subject_id(const std::string& name) const;
  // Everything emitted for one subject, optionally of one rule, in date order.
  Timeline timeline(const std::string& subject, const std::string& rule = "") const;
  std::vector<EmittedRow> rows_of(const std::string& subject, const std::string& file) const;
  const std::vector<std::string>& nights_run() const { return nights_run_; }
  std::filesystem::path night_folder(const std::string& night) const;
  std::string summary(const std::string& night) const;  // OUT/night/summary.json

  // The stored task of a step for a subject ("vehicle", "order" or "member") and anchor date.
  std::optional<store::TaskRow> task(const std::string& rule, const std::string& step,
                                     const std::string& subject_kind, const std::string& subject,
                                     const std::string& anchor);
  // Every stored task of a subject, of one rule.
  std::vector<store::TaskRow> tasks_of(const std::string& subject_kind,
                                       const std::string& subject, const std::string& rule);
  // A vehicle's stored due date (a vehicle_due column), "" when NULL or absent.
  std::string due_date(const std::string& key, const std::string& column);

  // Evaluates a date again, writing to `out`.
  engine::EvaluateReport evaluate_again(const std::string& night,
                                        const std::filesystem::path& out);
  store::Database& database() { return *db_; }
  const test::TempDir& folder() const { return dir_; }

 private:
  void run_night(const std::string& night);
  void import_sales(const std::string& night);
  void import_members(const std::string& night);
  void import_service(const std::string& night);
  void record_outcomes(const std::string& night);
  SoldVehicle& vehicle(const std::string& key);

  test::TempDir dir_;
  std::optional<store::Database> db_;
  rules::RuleSet rules_;
  std::vector<SoldVehicle> vehicles_;
  std::vector<WashMember> members_;
  std::map<std::string, std::vector<ServiceLine>> orders_;
  std::map<std::string, std::vector<std::pair<std::string, std::function<void(SoldVehicle&)>>>>
      vehicle_changes_;
  std::map<std::string, std::vector<std::pair<std::string, std::function<void(WashMember&)>>>>
      member_changes_;
  std::map<std::string, std::vector<DealerOutcome>> outcomes_;
  std::vector<EmittedRow> rows_;
  std::vector<std::string> nights_run_;
};

}  // namespace ownercare::sim
