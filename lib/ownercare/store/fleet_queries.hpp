// The fleet as the engine and the tools that read it see it: candidates for a rule (open
// episodes by status and start date), one vehicle's facts, and an episode's history.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ownercare/core/date.hpp"
#include "ownercare/store/database.hpp"

namespace ownercare::store {

// A vehicle in an open status episode, with everything a template or a call list needs.
struct FleetSubject {
  std::string vehicle_id;
  std::string plate;
  std::string owner_name;
  std::string owner_phone;
  std::string phone_kind;
  std::string city;
  int status = 1;
  std::optional<Date> last_login;
  std::optional<double> reject_rate;
  std::optional<double> lost_income;
  std::string mark;
  std::int64_t episode_id = 0;
  Date started_on;
  bool delisted = false;
};

class FleetQueries {
 public:
  explicit FleetQueries(Database& db);
  ~FleetQueries();

  // Vehicles not delisted and not gone, in an open episode of one of `statuses` that started
  // between `from` and `to` (inclusive), in vehicle order.
  std::vector<FleetSubject> episodes_started_between(const std::vector<int>& statuses, Date from,
                                                     Date to);
  // One vehicle as stored, with its open episode if it has one (episode_id 0 otherwise).
  struct VehicleRecord {
    FleetSubject subject;
    bool has_episode = false;
    Date first_seen;
    std::optional<Date> gone_on;
    std::optional<Date> delisted_on;
    std::string delist_reason;
  };
  std::optional<VehicleRecord> vehicle(const std::string& vehicle_id);

  // Open episodes of `statuses` started between `from` and `to`, read from one covering index
  // without touching the vehicles: most candidates of a night have nothing due, and only those
  // with a step due need their vehicle (by_episode).
  struct EpisodeRef {
    std::int64_t episode_id;
    std::string vehicle_id;
    Date started_on;
  };
  std::vector<EpisodeRef> open_episodes_started_between(const std::vector<int>& statuses,
                                                        Date from, Date to);

  // Open episodes that resumed after a gap in the snapshots (resumed_on) between `from` and
  // `to`, in episode order, with their status.
  struct ResumedEpisode {
    EpisodeRef episode;
    int status;
  };
  std::vector<ResumedEpisode> episodes_resumed_between(Date from, Date to);
  // Vehicles missing from the newest fleet snapshot whose episode is paused (still open): none
  // of their steps is planned, listed or sent while they are away.
  std::set<std::string> paused_vehicles();
  // Open episodes a first install started (start_source 'baseline'): their cadence is
  // recorded as skipped, never sent.
  std::set<std::int64_t> baseline_episodes();

  // The vehicle of an episode, whether or not it is still open.
  std::optional<FleetSubject> by_episode(std::int64_t episode_id);
  // Whether the episode is still open and its vehicle neither gone nor delisted.
  struct EpisodeState {
    bool open = false;
    bool delisted = false;
  };
  EpisodeState episode_state(std::int64_t episode_id);

  // What has been done in an episode so far, for hand-offs and call context.
  struct History {
    int sms_sent = 0;
    int calls_made = 0;     // tries with an outcome
    std::string last_outcome;  // "2026-11-05 reached/wait" or ""
    std::string lines;         // "d0_sms 2026-11-01 delivered; d4_call 2026-11-05 no_answer"
  };
  // No task of an episode is sent before the episode began: `started_on` bounds the search
  // in task_by_subject_sent (subject, then sent_on) to the episode's own tasks, where the
  // vehicle's whole history would be read and filtered otherwise (night 151 of a year of
  // nights: 1,553 listed calls' look-ups took 0.10 s without the bound, 0.05 s with it).
  History history(const std::string& vehicle_id, std::int64_t episode_id, Date started_on);

  // Delistings not yet on a delist.csv: vehicle id, plate, delisted_on, reason.
  struct Delisting {
    std::string vehicle_id;
    std::string plate;
    Date delisted_on;
    std::string reason;
  };
  std::vector<Delisting> delistings_to_emit();
  // Every delisted vehicle id (few: owners who asked never to rent again).
  std::set<std::string> delisted_vehicles();
  void mark_delisting_emitted(const std::string& vehicle_id, Date as_of);

  // Outcome side: the vehicle behind a task's subject id.
  void set_mark(const std::string& vehicle_id, const std::string& mark, Date on);
  void delist(const std::string& vehicle_id, Date on, const std::string& reason,
              const std::string& task_id);

 private:
  struct Statements;
  Database& db_;
  std::unique_ptr<Statements> statements_;
};

}  // namespace ownercare::store
