// The dealer network and the car-wash members as the engine and the outcome recorder see
// them: one subject's facts, the candidates of a rule (by an indexed date), what an agent
// reads before a call, the stored due dates of vehicles, and the changes an outcome makes
// (a corrected phone, a sold vehicle).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

struct DealerVehicle {
  std::string vin;
  std::string plate;
  std::string brand;
  std::string model;
  std::string category;
  std::string dealer_code;
  std::string customer_name;
  std::string mobile, mobile_kind;
  std::string home_phone, home_kind;
  std::string office_phone, office_kind;
  std::optional<Date> birthday;
  Date sale_date;
  std::optional<Date> registration_date;
  std::optional<Date> warranty_start;
  std::optional<Date> warranty_end;
  std::optional<long long> warranty_km;
  std::optional<long long> odometer_km;
  std::optional<Date> odometer_date;
  Date last_visit_on;
  Date owner_since;
  std::optional<Date> gone_on;
  std::optional<Date> sold_on;
  std::string other_phones;  // ";"-separated, from the mobile cell (sql/007)
};

struct ServiceOrder {
  std::string order_id;
  std::string vin;
  std::string member_id;
  std::string dealer_code;
  std::string type;
  std::optional<Date> opened;
  Date closed;
  std::optional<long long> mileage_km;
  std::string advisor;
  std::string suggestion;
  std::string complaint;
  std::optional<double> amount;
};

struct Member {
  std::string member_id;
  std::string name;
  std::string mobile, mobile_kind;
  std::string region;
  std::string franchise;
  std::string card_type;
  std::optional<double> balance;
  std::optional<double> balance_before;
  std::optional<Date> balance_changed_on;
  std::optional<Date> expires;
  std::optional<Date> joined;
  std::optional<Date> gone_on;
  std::string other_phones;  // ";"-separated, from the mobile cell (sql/007)
};

// The dates of vehicle_due (see sql/002_dealer.sql).
enum class DueColumn { warranty_end, first_service, next_service, inspection, birthday };

struct VehicleDue {
  std::string vin;
  std::optional<Date> warranty_end_on;
  std::optional<Date> first_service_on;
  std::optional<Date> next_service_on;
  std::optional<Date> inspection_on;
  std::optional<Date> birthday_on;
};

// A candidate of a rule: a subject and the date its steps count from.
struct Candidate {
  std::string subject_id;
  Date anchor;
};

class DealerQueries {
 public:
  explicit DealerQueries(Database& db);
  ~DealerQueries();
  Database& database() { return db_; }

  std::optional<DealerVehicle> vehicle(const std::string& vin);
  std::optional<ServiceOrder> order(const std::string& order_id);
  std::optional<Member> member(const std::string& member_id);

  // --- candidates (vehicles neither gone nor sold; members not gone) ---------------------
  std::vector<Candidate> vehicles_sold_between(Date from, Date to);
  std::vector<Candidate> vehicles_last_visit_between(Date from, Date to);
  std::vector<Candidate> vehicles_due_between(DueColumn column, Date from, Date to);
  std::vector<std::string> active_vehicles();  // every VIN, for holiday greetings
  std::vector<Candidate> orders_closed_between(Date from, Date to);
  std::vector<Candidate> members_expiring_between(Date from, Date to);
  std::vector<Candidate> members_balance_changed_between(Date from, Date to);
  std::vector<std::string> active_members();

  // --- what an agent reads before dialling ---------------------------------------------
  // The vehicle's newest orders first (at most `limit`).
  std::vector<ServiceOrder> orders_of_vehicle(const std::string& vin, int limit);
  std::vector<ServiceOrder> orders_of_member(const std::string& member_id, int limit);
  // Complaints on earlier calls about this subject: "2026-10-02 complaint: note". The set of
  // subjects that ever complained is read once per DealerQueries: outcomes recorded through
  // another connection afterwards are not seen (evaluate records none).
  std::vector<std::string> complaint_outcomes(const std::string& subject_kind,
                                              const std::string& subject_id, int limit);

  // --- vehicle_due -----------------------------------------------------------------------
  struct DueState {
    std::string digest;
    Date computed_on;
    std::int64_t import_id = 0;
  };
  std::optional<DueState> due_state();
  void set_due_state(const std::string& digest, Date computed_on, std::int64_t import_id);
  std::int64_t newest_dealer_import();
  // VINs the sales and service imports after `import_id` changed (vehicle_changed; gone ones
  // too; one VIN once per import); and forgetting those of the imports up to `import_id`.
  std::vector<std::string> vehicles_changed_after(std::int64_t import_id);
  void forget_vehicle_changes(std::int64_t up_to_import_id);
  // Replaces every row of vehicle_due: `fill` saves them (save_due). The table's indexes are
  // dropped first and built again after, which for two million rows is several times faster
  // than keeping five indexes up to date row by row.
  void rebuild_due(const std::function<void()>& fill);
  // VINs whose date in `column` lies before `before`: a recurring date that has passed.
  std::vector<std::string> vehicles_due_before(DueColumn column, Date before);
  std::vector<std::pair<Date, long long>> readings(const std::string& vin);
  // Maintenance orders (types maintenance, first_maintenance): closed, km, first.
  struct Service {
    Date closed;
    std::optional<long long> km;
    bool first = false;
  };
  std::vector<Service> services(const std::string& vin);
  // Stores a vehicle's dates; `fresh`: the row is known to be absent (rebuild_due).
  void save_due(const VehicleDue& due, Date computed_on, bool fresh = false);
  // Every vehicle with its readings and services, in VIN order, for a full recomputation.
  // `visit` is called once per vehicle.
  void for_each_vehicle(
      const std::function<void(const DealerVehicle&,
                               const std::vector<std::pair<Date, long long>>&,
                               const std::vector<Service>&)>& visit);

  // --- outcomes ------------------------------------------------------------------------
  // A phone corrected on a call replaces the subject's mobile; later snapshots showing the old
  // one do not undo it (mobile_corrected_from).
  void correct_mobile(const std::string& subject_kind, const std::string& subject_id,
                      const std::string& phone, const std::string& kind, Date on,
                      const std::string& task_id);
  void mark_sold(const std::string& vin, Date on, const std::string& task_id);

 private:
  // The newest orders whose `column` (vin or member_id) is `id`.
  std::vector<ServiceOrder> newest_orders(const char* column, const std::string& id, int limit);

  struct Statements;
  Database& db_;
  std::unique_ptr<Statements> statements_;
  // "kind\x1fid" of the subjects with a complaint or unsatisfied answer, read on first use.
  std::optional<std::set<std::string>> complained_;
};

}  // namespace ownercare::store
