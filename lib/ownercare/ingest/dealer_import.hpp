// ownercare-import --kind sales | service | members: a dealer network's sold vehicles and
// service orders, and a car-wash chain's members, into the database (SPEC 3.3-3.5, 6.8-6.10).
//
// Like the fleet import (fleet_import.hpp, whose ImportOptions these take): the file's rows
// are diffed against what is stored by digest and only changes are written, in one
// transaction. Refused with nothing written: a file older than the newest import of the same
// kind (exit 3), a file missing a required column or with too many invalid rows (exit 3), and
// a sales or members snapshot that would make too many known subjects disappear (exit 4,
// unless forced). Importing the same file for the same date again writes nothing, not even an
// import_log line.
//
// sales and members are full snapshots: a vehicle or member missing from one is marked gone
// (gone_on) and back when it reappears. service brings new and changed orders only: an order
// missing from a later file is kept.
//
// What a change means (README "Dealer and car-wash imports"):
// * sales: a changed row is written whole (changed_on = the snapshot date). A different
//   non-empty customer_name replacing a non-empty one is a new owner: owner_since becomes the
//   snapshot date, and sold_on, sold_task and mobile_corrected_from are cleared. Changes of
//   owner, mobile, home_phone, office_phone, dealer_code and plate are logged in
//   subject_change (source "import:<import_id>"). A mobile corrected by a call stands while
//   the snapshot still shows the number it replaced. An odometer reading the vehicle has not
//   had from a snapshot before adds an odometer_reading (source "sales") and becomes the
//   vehicle's newest unless an older date.
// * service: an order with a known VIN moves the vehicle's last_visit_on to its closed date
//   when later, and its mileage adds an odometer_reading (source = the order id) that becomes
//   the newest unless an older date. Orders for unknown VINs or members are kept and counted.
// * members: a changed balance keeps the one before (balance_before, balance_changed_on);
//   changes of mobile, region and franchise are logged in subject_change.
#pragma once

#include <cstdint>

#include "ownercare/ingest/fleet_import.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::ingest {

// ImportReport's counts (added, changed, unchanged, gone, returned: vehicles, orders or
// members) and what only these kinds have.
struct DealerImportReport : ImportReport {
  std::int64_t new_owners = 0;               // sales
  std::int64_t odometer_readings = 0;        // sales, service: readings added or corrected
  std::int64_t subject_changes = 0;          // sales, members: subject_change rows written
  std::int64_t unknown_vehicle_orders = 0;   // service: written orders naming an unknown VIN
  std::int64_t unknown_member_orders = 0;    // service: written orders naming an unknown member
  std::int64_t balances_changed = 0;         // members (not counting new members)
};

// Each throws InputError (refused: backdated, unreadable, a required column missing (for
// service: both vin and member_id), too many invalid rows), SafetyError (sales and members: a
// mass disappearance without options.force), InternalError.
DealerImportReport import_sales(store::Database& db, const ImportOptions& options);
DealerImportReport import_service(store::Database& db, const ImportOptions& options);
DealerImportReport import_members(store::Database& db, const ImportOptions& options);

}  // namespace ownercare::ingest
