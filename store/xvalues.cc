/* Value tables: see xvalues.h. */
#include "xvalues.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

extern "C" {
#include "common/clock.h"
}

namespace xvalues {

/* A table of the values themselves holds no more than this many: past it
** the slot is left to Xapian's spies (a copy's id, say, never a facet),
** where a string per document would cost more than the spies save. A
** table of numbers alone has no such bound. */
static const size_t MAX_NAMED = 65535;

tables::entry &tables::at(Xapian::valueno slot) {
  for (auto &e : slots_)
    if (e.slot == slot) return e;
  slots_.emplace_back();
  slots_.back().slot = slot;
  return slots_.back();
}

void tables::charge(Xapian::valueno slot, Xapian::doccount n) { at(slot).read += n; }

/* The table of slot in db, with the values themselves when names; NULL
** when it would name more than MAX_NAMED. */
static std::shared_ptr<table> build(const Xapian::Database &db, Xapian::valueno slot, bool names) {
  std::shared_ptr<table> t(new table);
  std::unordered_map<std::string, uint32_t> number;
  t->of.assign(static_cast<size_t>(db.get_lastdocid()) + 1, 0);
  for (Xapian::ValueIterator v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    Xapian::docid did = v.get_docid();
    if (did >= t->of.size()) continue; /* not in this snapshot's range: cannot be */
    auto k = number.emplace(*v, static_cast<uint32_t>(number.size() + 1));
    if (k.second && names) {
      if (number.size() > MAX_NAMED) return nullptr;
      t->value.push_back(*v);
      t->freq.push_back(0);
    }
    t->of[did] = k.first->second;
    if (names) t->freq[k.first->second - 1]++;
  }
  t->nvalue = number.size();
  return t;
}

/* Whether t serves a caller that needs the values themselves (names). */
static bool serves(const std::shared_ptr<const table> &t, bool names) {
  return t && (!names || t->value.size() == t->nvalue);
}

const table *tables::get(const Xapian::Database &db, Xapian::valueno slot, bool names) {
  entry &e = at(slot);
  if (!serves(e.built, names) && !(names && e.refused) && e.read >= db.get_value_freq(slot)) {
    std::shared_ptr<const table> t = build(db, slot, names);
    if (t)
      e.built = t;
    else
      e.refused = true;
  }
  return serves(e.built, names) ? e.built.get() : nullptr;
}

std::shared_ptr<const table> tables::now(const Xapian::Database &db, Xapian::valueno slot) {
  entry &e = at(slot);
  e.read = std::max<uint64_t>(e.read, db.get_value_freq(slot));
  return get(db, slot) ? e.built : nullptr;
}

/* Whether the date v (YYYYMMDD) is within [lo, hi] as the date terms
** match a closed range (match.c): a calendar day by its day; a day that is
** none (2019-09-31) only in a range holding its whole month, and a month
** that is none only in one holding its whole year. */
static bool calendar_within(const std::string &v, const std::string &lo, const std::string &hi) {
  if (v.size() != 8) return false;
  int y = std::atoi(v.substr(0, 4).c_str()), m = std::atoi(v.substr(4, 2).c_str());
  int d = std::atoi(v.substr(6, 2).c_str());
  char first[16], last[16];
  if (m >= 1 && m <= 12 && d >= 1 && d <= warta_days_in_month(y, m)) return v >= lo && v <= hi;
  if (m >= 1 && m <= 12) {
    snprintf(first, sizeof first, "%04d%02d01", y, m);
    snprintf(last, sizeof last, "%04d%02d%02d", y, m, warta_days_in_month(y, m));
  } else {
    snprintf(first, sizeof first, "%04d0101", y);
    snprintf(last, sizeof last, "%04d1231", y);
  }
  return lo <= first && last <= hi;
}

range_source::range_source(std::shared_ptr<const table> t, const std::string &lo,
                           const std::string &hi, bool calendar)
    : t_(std::move(t)), keep_(t_->nvalue + 1, 0) {
  for (size_t k = 1; k <= t_->nvalue; k++) {
    const std::string &v = t_->value[k - 1];
    keep_[k] =
        calendar ? calendar_within(v, lo, hi) : (lo.empty() || v >= lo) && (hi.empty() || v <= hi);
    if (keep_[k]) n_ += t_->freq[k - 1];
  }
}

void range_source::invert() {
  for (auto &k : keep_)
    k = !k;
  /* every document id of the snapshot that holds no value in range,
  ** those of deleted documents too (none matches) */
  n_ = static_cast<Xapian::doccount>(t_->of.size() - 1) - n_;
}

void range_source::skip_to(Xapian::docid did, double) {
  if (on_ && did <= did_) return;
  if (!on_ && did <= did_) did = did_ + 1; /* after a check that failed */
  size_t end = t_->of.size();
  while (did < end && !keep_[t_->of[did]])
    did++;
  did_ = did < end ? did : static_cast<Xapian::docid>(end);
  on_ = true;
}

bool range_source::check(Xapian::docid did, double) {
  if (did >= t_->of.size()) { /* past the snapshot's documents: the end */
    did_ = static_cast<Xapian::docid>(t_->of.size());
    return on_ = true;
  }
  did_ = did;
  return on_ = keep_[t_->of[did]] != 0;
}

spy::spy(std::vector<const table *> t) : t_(std::move(t)) {
  for (const table *x : t_)
    n_.emplace_back(x->value.size() + 1, 0);
}

void spy::operator()(const Xapian::Document &doc, double) {
  Xapian::docid did = doc.get_docid();
  total_++;
  for (size_t i = 0; i < t_.size(); i++)
    if (did < t_[i]->of.size()) n_[i][t_[i]->of[did]]++;
}

void distinct::operator()(const Xapian::Document &doc, double) {
  Xapian::docid did = doc.get_docid();
  uint32_t k = did < t_->of.size() ? t_->of[did] : 0;
  if (k == 0 || !seen_[k]) n_++;
  if (k) seen_[k] = true;
}

std::vector<std::pair<std::string, Xapian::doccount>> spy::counts(size_t i) const {
  std::vector<std::pair<std::string, Xapian::doccount>> v;
  for (size_t k = 1; k < n_[i].size(); k++)
    if (n_[i][k]) v.emplace_back(t_[i]->value[k - 1], n_[i][k]);
  sort_counts(v);
  return v;
}

void sort_counts(std::vector<std::pair<std::string, Xapian::doccount>> &v) {
  std::sort(v.begin(), v.end(),
            [](const std::pair<std::string, Xapian::doccount> &a,
               const std::pair<std::string, Xapian::doccount> &b) {
              return a.second != b.second ? a.second > b.second : a.first < b.first;
            });
}

} // namespace xvalues
